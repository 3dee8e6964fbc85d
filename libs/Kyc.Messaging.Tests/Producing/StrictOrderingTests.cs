using Confluent.Kafka;
using Kyc.LocalKafka;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Producing;
using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Kyc.Messaging.Tests.Producing;

public sealed class StrictOrderingTests
{
    [Fact]
    public void A_strict_ordering_producer_has_no_librdkafka_expiry_and_refuses_the_settings_its_guarantees_rest_on()
    {
        var options = new KafkaOptions { BootstrapServers = "broker:9092", ClientId = "relay" };

        var strict = options.ToProducerConfig(strictOrdering: true);
        var shared = options.ToProducerConfig(strictOrdering: false);

        Assert.True(strict.EnableGaplessGuarantee);
        Assert.Equal(int.MaxValue, strict.MessageTimeoutMs);
        Assert.Equal(0, strict.LingerMs);
        Assert.Equal(30_000, shared.MessageTimeoutMs);
        Assert.All(new[] { strict, shared }, c =>
        {
            Assert.True(c.EnableIdempotence);
            Assert.Equal(Acks.All, c.Acks);
            Assert.Equal(Partitioner.Murmur2Random, c.Partitioner);
        });
        options.Properties["message.timeout.ms"] = "10000";
        var error = Assert.Throws<InvalidOperationException>(() => options.Validate(strictOrdering: true));
        Assert.Contains("Kafka:Properties:message.timeout.ms cannot be set", error.Message, StringComparison.Ordinal);
        options.Validate(strictOrdering: false);
    }

    [Fact]
    public async Task A_strict_batch_that_outlives_its_wait_reports_every_unacknowledged_event_as_timed_out_and_asks_for_a_new_producer()
    {
        var topic = UniqueNames.Topic("strict");
        await using var kafka = LocalKafkaCluster.Start(0, [new TopicSpec(topic, 2)]);
        using var producer = new KafkaProducer(new KafkaOptions { BootstrapServers = kafka.Bootstrap, ClientId = "kyc-test-strict" },
            new KafkaMessagingMetrics(), NullLogger.Instance, ProducerOrdering.Strict);
        var first = await producer.ProduceBatchAsync([new OutgoingEvent(topic, TestEvents.Create("case-1", 0))], TimeSpan.FromSeconds(30));
        Assert.True(first[0].Acknowledged, first[0].Error);

        kafka.SetDown();
        var events = Enumerable.Range(1, 5).Select(i => new OutgoingEvent(topic, TestEvents.Create("case-1", i))).ToArray();
        var results = await producer.ProduceBatchAsync(events, TimeSpan.FromSeconds(1));

        Assert.All(results, r =>
        {
            Assert.False(r.Acknowledged);
            Assert.True(r.TimedOut, r.Error);
            Assert.True(r.PossiblyPersisted);
        });
        Assert.True(producer.NeedsReplacement);
    }
}
