using System.Text;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Producing;
using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Xunit;

namespace Kyc.Messaging.Tests.Producing;

public sealed class KafkaProducerTests
{
    [Fact]
    public async Task A_produced_event_is_acknowledged_and_reads_back_as_the_same_CloudEvent()
    {
        var topic = UniqueNames.Topic("produce-one");
        var e = TestEvents.Create("case-1", 1);
        using var producer = KafkaProbe.CreateProducer();

        var result = await producer.ProduceAsync(topic, e);

        Assert.True(result.Acknowledged);
        Assert.Equal(e.Id, result.EventId);
        var read = Assert.Single(await KafkaProbe.ReadAsync(topic, r => r.Count == 1));
        Assert.Equal(result.Partition, read.Partition.Value);
        Assert.Equal(result.Offset, read.Offset.Value);
        Assert.Equal("case-1", Encoding.UTF8.GetString(read.Message.Key!));
        var back = KafkaCloudEventBinding.FromHeaders(read.Message.Headers, read.Message.Value);
        Assert.Equal(e.Id, back.Id);
        Assert.Equal(e.Type, back.Type);
        Assert.Equal(e.Data.ToArray(), back.Data.ToArray());
    }

    [Fact]
    public async Task A_batch_reports_every_acknowledgement_in_input_order_and_keeps_each_key_in_order_in_one_partition()
    {
        var topic = UniqueNames.Topic("produce-batch");
        var events = Enumerable.Range(0, 60).Select(i => TestEvents.Create($"case-{i % 5}", i)).ToArray();
        using var metrics = new KafkaMessagingMetrics();
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer(metrics);

        var results = await producer.ProduceBatchAsync([.. events.Select(e => new OutgoingEvent(topic, e))]);

        Assert.Equal(events.Select(e => e.Id), results.Select(r => r.EventId));
        Assert.All(results, r => Assert.True(r.Acknowledged, r.Error));
        foreach (var key in events.Select((e, i) => (e.Subject, Result: results[i])).GroupBy(x => x.Subject))
        {
            Assert.Single(key.Select(x => x.Result.Partition).Distinct());
            var offsets = key.Select(x => x.Result.Offset).ToArray();
            Assert.Equal(offsets.Order(), offsets);
        }
        Assert.Equal(60, recorder.Sum("kyc.messaging.produced", ("topic", topic)));
    }

    [Fact]
    public async Task A_message_the_broker_cannot_take_fails_alone_in_its_batch()
    {
        var topic = UniqueNames.Topic("produce-too-big");
        var tooBig = TestEvents.Create("case-big") with { Data = Encoding.UTF8.GetBytes($"\"{new string('x', 2_000_000)}\"") };
        using var metrics = new KafkaMessagingMetrics();
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer(metrics);

        var results = await producer.ProduceBatchAsync(
        [
            new OutgoingEvent(topic, TestEvents.Create("case-a")),
            new OutgoingEvent(topic, tooBig),
            new OutgoingEvent(topic, TestEvents.Create("case-b")),
        ]);

        Assert.True(results[0].Acknowledged);
        Assert.False(results[1].Acknowledged);
        Assert.Equal(ErrorCode.MsgSizeTooLarge, results[1].ErrorCode);
        Assert.NotNull(results[1].Error);
        Assert.True(results[2].Acknowledged);
        Assert.Equal(1, recorder.Sum("kyc.messaging.produce.failures", ("topic", topic)));
        var single = await Assert.ThrowsAsync<KafkaProduceException>(() => producer.ProduceAsync(topic, tooBig));
        Assert.Equal(tooBig.Id, single.Result.EventId);
    }

    [Fact]
    public async Task A_cancelled_batch_sends_nothing_more_and_says_so()
    {
        var topic = UniqueNames.Topic("produce-cancelled");
        using var producer = KafkaProbe.CreateProducer();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var results = await producer.ProduceBatchAsync([new OutgoingEvent(topic, TestEvents.Create("case-a"))], cancelled.Token);

        Assert.False(Assert.Single(results).Acknowledged);
    }
}
