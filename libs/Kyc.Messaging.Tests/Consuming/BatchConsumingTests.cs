using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.DeadLetters;
using Kyc.Messaging.Producing;
using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.Messaging.Tests.Consuming;

/// <summary>A batch handler (<see cref="ScriptedBatchHandler"/>): many messages per transaction, and what happens when a batch fails.</summary>
public sealed class BatchConsumingTests(MessagingDatabase database, ITestOutputHelper output) : IClassFixture<MessagingDatabase>
{
    /// <summary>Long enough that messages produced together are read into one batch.</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(200);

    private static Guid IdOf(CloudEvent e) => Guid.Parse(e.Id);

    [Fact]
    public async Task A_backlog_is_handled_in_batches_once_each_in_order_per_key_and_the_offsets_committed()
    {
        var topic = UniqueNames.Topic("batch-order");
        var script = new HandlerScript(UniqueNames.GroupId("batch-order"));
        var events = Enumerable.Range(0, 300).Select(i => TestEvents.Create($"case-{i % 4}", i)).ToArray();
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer();
        var produced = await producer.ProduceBatchAsync([.. events.Select(e => new OutgoingEvent(topic, e))]);
        Assert.All(produced, r => Assert.True(r.Acknowledged, r.Error));

        await using var consumer = await TestConsumer.StartBatchingAsync(database, script, [topic], output, o => o.MaxBatchSize = 100);
        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 300, "300 effects");

        Assert.Equal(events.Select(IdOf).Order(), effects.Select(e => e.EventId).Order());
        foreach (var key in effects.GroupBy(e => e.Subject))
            Assert.Equal(events.Where(e => e.Subject == key.Key).Select(IdOf), key.Select(e => e.EventId));
        Assert.Equal(effects.Select(e => e.EventId).Order(), (await database.InboxAsync(script.ConsumerGroup)).Order());
        foreach (var last in produced.GroupBy(r => r.Partition).Select(p => p.MaxBy(r => r.Offset)!))
            await KafkaProbe.CommittedAtLeastAsync(script.ConsumerGroup, topic, last.Partition, last.Offset + 1);
        Assert.Contains(script.Batches, b => b.Count > 1);
        Assert.All(script.Batches, b => Assert.InRange(b.Count, 1, 100));
        Assert.Equal(300, recorder.Sum("kyc.messaging.handled", ("consumer_group", script.ConsumerGroup), ("topic", topic)));
        Assert.Equal(script.Batches.Sum(b => b.Count), recorder.Sum("kyc.messaging.batch.size", ("consumer_group", script.ConsumerGroup)));
        Assert.Equal(0, recorder.Sum("kyc.messaging.batch.fallbacks", ("consumer_group", script.ConsumerGroup)));
    }

    [Fact]
    public async Task Duplicates_within_a_batch_and_across_batches_have_no_second_effect()
    {
        var topic = UniqueNames.Topic("batch-duplicates");
        var script = new HandlerScript(UniqueNames.GroupId("batch-duplicates"));
        var (a, b, c) = (TestEvents.Create("case-d", 1), TestEvents.Create("case-d", 2), TestEvents.Create("case-d", 3));
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer();
        await producer.ProduceBatchAsync([new OutgoingEvent(topic, a), new OutgoingEvent(topic, a), new OutgoingEvent(topic, b)]);

        await using var consumer = await TestConsumer.StartBatchingAsync(database, script, [topic], output, o => o.BatchLinger = Linger);
        await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 2, "the first batch's effects");
        await producer.ProduceBatchAsync([new OutgoingEvent(topic, b), new OutgoingEvent(topic, a), new OutgoingEvent(topic, c)]);
        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Any(x => x.EventId == IdOf(c)), "the new event of the second batch");

        Assert.Equal(new[] { IdOf(a), IdOf(b), IdOf(c) }, effects.Select(e => e.EventId));
        Assert.Equal(new[] { new[] { a.Id, b.Id }, new[] { c.Id } }, script.Batches.Select(x => x.ToArray()));
        Assert.Equal(0, script.TotalCalls); // no message was handled outside a batch
        Assert.Equal(3, recorder.Sum("kyc.messaging.duplicates", ("consumer_group", script.ConsumerGroup), ("topic", topic)));
        Assert.Equal(3, recorder.Sum("kyc.messaging.handled", ("consumer_group", script.ConsumerGroup), ("topic", topic)));
    }

    [Fact]
    public async Task A_poison_message_in_a_batch_is_dead_lettered_after_its_own_retry_budget_and_the_others_are_recorded_in_order()
    {
        var topic = UniqueNames.Topic("batch-poison");
        var script = new HandlerScript(UniqueNames.GroupId("batch-poison"));
        var (first, poison, second, third) = (TestEvents.Create("case-p", 1), TestEvents.Create("case-p", 2), TestEvents.Create("case-p", 3), TestEvents.Create("case-p", 4));
        script.BatchBehavior = call => call.Events.Any(e => e.Event.Id == poison.Id) ? throw new InvalidOperationException("boom in a batch") : Task.CompletedTask;
        script.Behavior = call => call.Event.Id == poison.Id ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer();
        var produced = await producer.ProduceBatchAsync([.. new[] { first, poison, second, third }.Select(e => new OutgoingEvent(topic, e))]);

        await using var consumer = await TestConsumer.StartBatchingAsync(database, script, [topic], output, o =>
        {
            o.MaxAttempts = 3;
            o.BatchLinger = Linger;
        });
        var dead = Assert.Single(await KafkaProbe.ReadAsync(consumer.Host.DeadLetterTopic, r => r.Count >= 1));
        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 3, "the other three effects");

        Assert.Equal(new[] { IdOf(first), IdOf(second), IdOf(third) }, effects.Select(e => e.EventId)); // the failed batch left nothing
        Assert.Contains(script.Batches, batch => batch.Contains(poison.Id) && batch.Contains(first.Id));
        Assert.Equal(3, script.AttemptsOf(poison)); // its own budget, one by one; the batch did not count
        Assert.Equal(1, script.AttemptsOf(first));
        Assert.Equal("System.InvalidOperationException: boom", dead.Message.Headers.Text(DeadLetterHeaders.Error));
        Assert.Equal(DeadLetterReasons.RetriesExhausted, dead.Message.Headers.Text(DeadLetterHeaders.Reason));
        Assert.Equal("3", dead.Message.Headers.Text(DeadLetterHeaders.Attempts));
        Assert.Equal(produced[1].Offset.ToString(CultureInfo.InvariantCulture), dead.Message.Headers.Text(DeadLetterHeaders.OriginalOffset));
        Assert.Equal(poison.Id, DeadLetter.From(dead.Message).EventId);
        await KafkaProbe.CommittedAtLeastAsync(script.ConsumerGroup, topic, produced[3].Partition, produced[3].Offset + 1);
        Assert.True(recorder.Sum("kyc.messaging.batch.fallbacks", ("consumer_group", script.ConsumerGroup)) >= 1);
        Assert.Equal(2, recorder.Sum("kyc.messaging.retries", ("consumer_group", script.ConsumerGroup)));
    }

    [Fact]
    public async Task A_message_that_is_not_a_platform_CloudEvent_is_dead_lettered_in_its_place_and_the_rest_of_its_batch_is_recorded()
    {
        var topic = UniqueNames.Topic("batch-malformed");
        var script = new HandlerScript(UniqueNames.GroupId("batch-malformed"));
        var (before, after) = (TestEvents.Create("case-m", 1), TestEvents.Create("case-m", 3));
        var notUuid = KafkaCloudEventBinding.ToMessage(TestEvents.Create("case-m", 2) with { Id = "evt-2" });
        using var producer = KafkaProbe.CreateProducer();
        await producer.ProduceAsync(topic, before);
        await producer.ProduceRawAsync(topic, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(notUuid.Key), Value = notUuid.Value, Headers = notUuid.Headers });
        await producer.ProduceAsync(topic, after);

        await using var consumer = await TestConsumer.StartBatchingAsync(database, script, [topic], output, o => o.BatchLinger = Linger);
        var dead = Assert.Single(await KafkaProbe.ReadAsync(consumer.Host.DeadLetterTopic, r => r.Count >= 1));
        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 2, "the two valid events");

        Assert.Equal(new[] { IdOf(before), IdOf(after) }, effects.Select(e => e.EventId));
        Assert.Equal(DeadLetterReasons.Malformed, dead.Message.Headers.Text(DeadLetterHeaders.Reason));
        Assert.Equal("0", dead.Message.Headers.Text(DeadLetterHeaders.Attempts));
    }

    [Fact]
    public async Task Offsets_are_committed_only_after_the_batch_commits_and_a_consumer_stopped_mid_batch_loses_nothing()
    {
        var topic = UniqueNames.Topic("batch-crash");
        var script = new HandlerScript(UniqueNames.GroupId("batch-crash"));
        var earlier = Enumerable.Range(0, 20).Select(i => TestEvents.Create("case-c", i)).ToArray();
        var later = Enumerable.Range(20, 30).Select(i => TestEvents.Create("case-c", i)).ToArray();
        var laterIds = later.Select(e => e.Id).ToHashSet();
        var entered = new TaskCompletionSource<(long? Committed, long Inbox)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var hang = true;
        script.BatchBehavior = async call =>
        {
            if (!Volatile.Read(ref hang) || !call.Events.Any(e => laterIds.Contains(e.Event.Id))) return;
            // Inside the batch transaction, its effects written: what Kafka and other transactions see of it.
            var message = call.Events[0].Message;
            var committed = await KafkaProbe.CommittedAsync(script.ConsumerGroup, topic, message.Partition);
            await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM inbox WHERE consumer_group = @g");
            count.Parameters.AddWithValue("g", script.ConsumerGroup);
            entered.TrySetResult((committed, (long)(await count.ExecuteScalarAsync())!));
            await Task.Delay(Timeout.Infinite, call.CancellationToken); // as a process that dies mid-batch
        };
        using var producer = KafkaProbe.CreateProducer();
        var first = await producer.ProduceBatchAsync([.. earlier.Select(e => new OutgoingEvent(topic, e))]);
        var partition = first[0].Partition;

        var crashing = await TestConsumer.StartBatchingAsync(database, script, [topic], output, o =>
        {
            o.BatchLinger = Linger;
            o.CommitInterval = TimeSpan.Zero;
        });
        await using (crashing)
        {
            await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 20, "the earlier events");
            await KafkaProbe.CommittedAtLeastAsync(script.ConsumerGroup, topic, partition, first[^1].Offset + 1);
            var second = await producer.ProduceBatchAsync([.. later.Select(e => new OutgoingEvent(topic, e))]);
            var seen = await entered.Task.WaitAsync(Eventually.DefaultDeadline);

            Assert.Equal(second[0].Offset, seen.Committed); // nothing of the open batch is committed to Kafka
            Assert.Equal(20, seen.Inbox);                   // nor visible in the database

            await crashing.StopAsync(new CancellationToken(canceled: true)); // no time left: the batch is rolled back
            await crashing.Completion.WaitAsync(Eventually.DefaultDeadline);
            Assert.Equal(20, (await database.EffectsAsync(script.ConsumerGroup)).Count);
            Assert.Equal(second[0].Offset, await KafkaProbe.CommittedAsync(script.ConsumerGroup, topic, partition));
        }

        Volatile.Write(ref hang, false);
        await using var restarted = await TestConsumer.StartBatchingAsync(database, script, [topic], output, o => o.BatchLinger = Linger);
        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 50, "every event after the restart");

        Assert.Equal(earlier.Concat(later).Select(IdOf), effects.Select(e => e.EventId));
        await KafkaProbe.CommittedAtLeastAsync(script.ConsumerGroup, topic, partition, first[^1].Offset + 31);
    }

    [Fact]
    public async Task An_unreachable_database_pauses_a_batch_and_tries_it_again_without_falling_back_to_one_by_one()
    {
        var topic = UniqueNames.Topic("batch-db-down");
        var script = new HandlerScript(UniqueNames.GroupId("batch-db-down"));
        var events = Enumerable.Range(0, 10).Select(i => TestEvents.Create("case-u", i)).ToArray();
        var outage = 2;
        script.BatchBehavior = _ => Interlocked.Decrement(ref outage) >= 0
            ? throw new NpgsqlException("Exception while reading from stream", new EndOfStreamException())
            : Task.CompletedTask;
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer();
        await producer.ProduceBatchAsync([.. events.Select(e => new OutgoingEvent(topic, e))]);

        await using var consumer = await TestConsumer.StartBatchingAsync(database, script, [topic], output, o => o.BatchLinger = Linger);
        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 10, "every effect");

        Assert.Equal(events.Select(IdOf), effects.Select(e => e.EventId));
        Assert.Equal(0, script.TotalCalls);
        Assert.Equal(2, recorder.Sum("kyc.messaging.consumer.stalls", ("consumer_group", script.ConsumerGroup)));
        Assert.Equal(0, recorder.Sum("kyc.messaging.batch.fallbacks", ("consumer_group", script.ConsumerGroup)));
        Assert.Equal(0, recorder.Sum("kyc.messaging.dead_lettered", ("consumer_group", script.ConsumerGroup)));
    }
}
