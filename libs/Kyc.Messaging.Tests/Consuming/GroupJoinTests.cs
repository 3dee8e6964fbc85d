using System.Diagnostics;
using Kyc.Messaging.Producing;
using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.Messaging.Tests.Consuming;

public sealed class GroupJoinTests(MessagingDatabase database, ITestOutputHelper output) : IClassFixture<MessagingDatabase>
{
    [Fact]
    public async Task A_consumer_joining_a_running_group_takes_over_partitions_and_consumes_without_waiting_for_a_session_timeout()
    {
        var topic = UniqueNames.Topic("join");
        var group = UniqueNames.GroupId("join");
        var first = new HandlerScript(group);
        var second = new HandlerScript(group);
        using var producer = KafkaProbe.CreateProducer();
        await PublishAsync(producer, topic, 0, 20);
        await using var running = await TestConsumer.StartAsync(database, first, [topic], output);
        await Eventually.TrueAsync(() => first.TotalCalls >= 20, "the first member handled the first 20 events");

        var joined = Stopwatch.StartNew();
        await using var joining = await TestConsumer.StartAsync(database, second, [topic], output);
        await Eventually.TrueAsync(() => joining.Host.Progress.AssignedPartitions > 0, "the joining member is assigned partitions");
        var assignedAfter = joined.ElapsedMilliseconds;
        for (var round = 1; second.TotalCalls == 0; round++)
        {
            await PublishAsync(producer, topic, round * 20, 20);
            await Eventually.TrueAsync(() => database.EffectsAsync(group).Result.Count >= (round + 1) * 20, $"round {round} handled");
        }
        output.WriteLine($"the joining member was assigned partitions after {assignedAfter} ms and handled its first event after {joined.ElapsedMilliseconds} ms");
        Assert.True(running.Host.Progress.AssignedPartitions > 0);
        Assert.Equal(4, running.Host.Progress.AssignedPartitions + joining.Host.Progress.AssignedPartitions);
    }

    private static async Task PublishAsync(KafkaProducer producer, string topic, int first, int count)
    {
        var results = await producer.ProduceBatchAsync([.. Enumerable.Range(first, count).Select(i => new OutgoingEvent(topic, TestEvents.Create($"case-{i % 8}", i)))]);
        Assert.All(results, r => Assert.True(r.Acknowledged, r.Error));
    }
}
