using Kyc.Messaging.Producing;
using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.Messaging.Tests.Consuming;

/// <summary>
/// A batch consumer subscribed by pattern goes through a rebalance when a new matching topic appears, and keeps
/// consuming every topic afterwards (seen stuck in JoinGroup once in CI, docs in the library's README).
/// </summary>
public sealed class BatchRebalanceTests(MessagingDatabase database, ITestOutputHelper output) : IClassFixture<MessagingDatabase>
{
    [Fact]
    public async Task A_new_matching_topic_rebalances_the_group_and_every_topic_is_consumed_afterwards()
    {
        var prefix = UniqueNames.Topic("rebalance");
        var (first, second) = ($"{prefix}.a.events", $"{prefix}.b.events");
        var script = new HandlerScript(UniqueNames.GroupId("rebalance"));
        using var producer = KafkaProbe.CreateProducer();
        var early = Enumerable.Range(0, 50).Select(i => TestEvents.Create($"case-{i % 5}", i)).ToArray();
        await producer.ProduceBatchAsync([.. early.Select(e => new OutgoingEvent(first, e))]);

        await using var consumer = await TestConsumer.StartBatchingAsync(database, script, [$"^{prefix.Replace(".", "\\.")}\\..*\\.events$"], output, o =>
        {
            o.BatchLinger = TimeSpan.FromMilliseconds(50);
            o.Properties["topic.metadata.refresh.interval.ms"] = "500";
        });
        await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 50, "the first topic's events");

        var late = Enumerable.Range(50, 100).Select(i => TestEvents.Create($"case-{i % 5}", i)).ToArray();
        for (var i = 0; i < late.Length; i++)
        {
            await producer.ProduceAsync(i % 2 == 0 ? first : second, late[i]);
            if (i % 10 == 0) await Task.Delay(50); // keep batches open while the new topic is found and the group rebalances
        }

        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 150, "every event of both topics");
        Assert.Equal(150, effects.Select(e => e.EventId).Distinct().Count());
    }
}
