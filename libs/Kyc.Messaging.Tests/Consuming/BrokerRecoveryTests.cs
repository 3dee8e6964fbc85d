using System.Diagnostics;
using Kyc.LocalKafka;
using Kyc.Messaging.Producing;
using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.Messaging.Tests.Consuming;

/// <summary>
/// A broker of the test's own (librdkafka's mock cluster on a fixed port, as the local stack runs it) that the test
/// replaces or removes under a running consumer group.
/// </summary>
public sealed class BrokerRecoveryTests(MessagingDatabase database, ITestOutputHelper output) : IClassFixture<MessagingDatabase>
{
    [Fact]
    public async Task A_consumer_resumes_by_itself_when_its_broker_is_replaced_at_the_same_address_mid_stream()
    {
        var topic = UniqueNames.Topic("replaced");
        var script = new HandlerScript(UniqueNames.GroupId("replaced"));
        var kafka = LocalKafkaCluster.Start(0, [new TopicSpec(topic, 4)]);
        var port = kafka.Port;
        try
        {
            await using var consumer = await TestConsumer.StartAsync(database, script, [topic], output, o => o.StallTimeout = TimeSpan.FromMinutes(1), kafka.Bootstrap);
            await PublishAsync(kafka.Bootstrap, topic, 0, 20);
            await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 20, "the first 20 effects");

            // The broker goes away mid-stream and a new, empty cluster takes its address (a restarted local mock).
            await kafka.DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            kafka = LocalKafkaCluster.Start(port, [new TopicSpec(topic, 4)]);
            var replaced = Stopwatch.StartNew();
            await PublishAsync(kafka.Bootstrap, topic, 20, 20);

            var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 40, "all 40 effects",
                TimeSpan.FromSeconds(90));
            output.WriteLine($"the 20 events published to the new cluster were handled {replaced.ElapsedMilliseconds} ms after it started");
            Assert.Equal(40, effects.Select(e => e.EventId).Distinct().Count());
            Assert.Null(consumer.Host.Progress.StallReason);
        }
        finally
        {
            await kafka.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_consumer_that_makes_no_progress_turns_readiness_red_and_green_again_once_it_catches_up()
    {
        var topic = UniqueNames.Topic("stalled");
        var script = new HandlerScript(UniqueNames.GroupId("stalled"));
        var kafka = LocalKafkaCluster.Start(0, [new TopicSpec(topic, 2)]);
        var port = kafka.Port;
        using var recorder = new MetricsRecorder();
        try
        {
            await using var consumer = await TestConsumer.StartAsync(database, script, [topic], output, o =>
            {
                o.StallTimeout = TimeSpan.FromSeconds(4);
                o.LagRefreshInterval = TimeSpan.FromMilliseconds(500);
            }, kafka.Bootstrap);
            await PublishAsync(kafka.Bootstrap, topic, 0, 5);
            await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 5, "5 effects");

            // Caught up and idle for longer than the stall timeout: that is progress, readiness stays green.
            await Task.Delay(TimeSpan.FromSeconds(6));
            Assert.Equal(HealthStatus.Healthy, (await consumer.Health.CheckHealthAsync()).Status);
            Assert.Equal(0, Stalled(recorder, script.ConsumerGroup));

            // No broker at all: nothing is committed and nothing proves the consumer caught up.
            await kafka.DisposeAsync();
            var red = await Eventually.GetAsync(() => consumer.Health.CheckHealthAsync(), r => r.Status == HealthStatus.Unhealthy,
                "readiness red", TimeSpan.FromSeconds(60));
            output.WriteLine(red.Entries["kafka-consumers"].Description);
            Assert.Contains(script.ConsumerGroup, red.Entries["kafka-consumers"].Description, StringComparison.Ordinal);
            Assert.Equal(1, Stalled(recorder, script.ConsumerGroup));

            kafka = LocalKafkaCluster.Start(port, [new TopicSpec(topic, 2)]);
            await PublishAsync(kafka.Bootstrap, topic, 5, 5);
            await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 10, "10 effects", TimeSpan.FromSeconds(90));
            await Eventually.GetAsync(() => consumer.Health.CheckHealthAsync(), r => r.Status == HealthStatus.Healthy, "readiness green again");
            Assert.Equal(0, Stalled(recorder, script.ConsumerGroup));
        }
        finally
        {
            await kafka.DisposeAsync();
        }
    }

    private static long Stalled(MetricsRecorder recorder, string group)
    {
        recorder.Observe();
        return (long)(recorder.Last("kyc.messaging.consumer.stalled", ("consumer_group", group)) ?? -1);
    }

    private static async Task PublishAsync(string bootstrap, string topic, int first, int count)
    {
        using var producer = new KafkaProducer(new KafkaOptions { BootstrapServers = bootstrap, ClientId = "kyc-test-recovery" },
            new Kyc.Messaging.Diagnostics.KafkaMessagingMetrics(), Microsoft.Extensions.Logging.Abstractions.NullLogger<KafkaProducer>.Instance);
        var results = await producer.ProduceBatchAsync([.. Enumerable.Range(first, count).Select(i => new OutgoingEvent(topic, TestEvents.Create($"case-{i % 5}", i)))]);
        Assert.All(results, r => Assert.True(r.Acknowledged, r.Error));
    }
}
