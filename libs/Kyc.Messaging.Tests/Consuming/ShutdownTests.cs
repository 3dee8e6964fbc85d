using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.Messaging.Tests.Consuming;

public sealed class ShutdownTests(MessagingDatabase database, ITestOutputHelper output) : IClassFixture<MessagingDatabase>
{
    [Fact]
    public async Task Stopping_finishes_the_message_in_flight_commits_it_and_a_restart_does_not_see_it_again()
    {
        var topic = UniqueNames.Topic("graceful");
        var script = new HandlerScript(UniqueNames.GroupId("graceful"));
        var inFlight = TestEvents.Create("case-g", 1);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tokenCancelled = false;
        script.Behavior = async call =>
        {
            if (call.Event.Id != inFlight.Id) return;
            entered.TrySetResult();
            await release.Task;
            tokenCancelled = call.CancellationToken.IsCancellationRequested;
        };
        using var producer = KafkaProbe.CreateProducer();
        var produced = await producer.ProduceAsync(topic, inFlight);

        var first = await TestConsumer.StartAsync(database, script, [topic], output, o => o.CommitInterval = TimeSpan.FromHours(1));
        await using (first)
        {
            await entered.Task.WaitAsync(Eventually.DefaultDeadline);
            using var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var stopping = first.StopAsync(shutdownTimeout.Token); // asks the loop to stop while the handler is busy
            release.SetResult();
            await stopping;

            // StopAsync returned only after the in-flight transaction committed and its offset was committed.
            Assert.True(first.Completion.IsCompletedSuccessfully);
            Assert.Equal(new[] { Guid.Parse(inFlight.Id) }, (await database.EffectsAsync(script.ConsumerGroup)).Select(e => e.EventId));
            Assert.Equal(produced.Offset + 1, await KafkaProbe.CommittedAsync(script.ConsumerGroup, topic, produced.Partition));
            Assert.False(tokenCancelled);
        }

        var after = TestEvents.Create("case-g", 2);
        await producer.ProduceAsync(topic, after);
        await using var second = await TestConsumer.StartAsync(database, script, [topic], output);
        await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 2, "the next event after the restart");

        Assert.Equal(1, script.AttemptsOf(inFlight)); // not redelivered: its offset was committed before the consumer left
        Assert.Equal(new[] { Guid.Parse(inFlight.Id), Guid.Parse(after.Id) }, (await database.EffectsAsync(script.ConsumerGroup)).Select(e => e.EventId));
    }

    [Fact]
    public async Task When_the_shutdown_timeout_runs_out_the_in_flight_work_rolls_back_uncommitted_and_is_done_once_after_a_restart()
    {
        var topic = UniqueNames.Topic("abort");
        var script = new HandlerScript(UniqueNames.GroupId("abort"));
        var earlier = TestEvents.Create("case-a", 1);
        var inFlight = TestEvents.Create("case-a", 2);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blockFirstAttempt = true;
        script.Behavior = async call =>
        {
            if (call.Event.Id != inFlight.Id || !Volatile.Read(ref blockFirstAttempt)) return;
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, call.CancellationToken); // wrote its effect, then hangs until cancelled
        };
        using var producer = KafkaProbe.CreateProducer();
        var earlierResult = await producer.ProduceAsync(topic, earlier);
        var produced = await producer.ProduceAsync(topic, inFlight);

        var first = await TestConsumer.StartAsync(database, script, [topic], output, o => o.CommitInterval = TimeSpan.FromHours(1));
        await using (first)
        {
            await entered.Task.WaitAsync(Eventually.DefaultDeadline);
            await first.StopAsync(new CancellationToken(canceled: true)); // no time left: the host gives up on the handler
            await first.Completion.WaitAsync(Eventually.DefaultDeadline);

            Assert.Equal(new[] { Guid.Parse(earlier.Id) }, (await database.EffectsAsync(script.ConsumerGroup)).Select(e => e.EventId));
            Assert.DoesNotContain(Guid.Parse(inFlight.Id), await database.InboxAsync(script.ConsumerGroup));
            // What was done is committed; the in-flight message is not.
            Assert.Equal(earlierResult.Offset + 1, await KafkaProbe.CommittedAsync(script.ConsumerGroup, topic, earlierResult.Partition));
            Assert.Equal(produced.Offset, await KafkaProbe.CommittedAsync(script.ConsumerGroup, topic, produced.Partition));
        }

        Volatile.Write(ref blockFirstAttempt, false);
        await using var second = await TestConsumer.StartAsync(database, script, [topic], output);
        await KafkaProbe.CommittedAtLeastAsync(script.ConsumerGroup, topic, produced.Partition, produced.Offset + 1);

        Assert.Equal(new[] { Guid.Parse(earlier.Id), Guid.Parse(inFlight.Id) }, (await database.EffectsAsync(script.ConsumerGroup)).Select(e => e.EventId));
        Assert.Equal(1, script.AttemptsOf(earlier));
        Assert.Equal(2, script.AttemptsOf(inFlight));
    }
}
