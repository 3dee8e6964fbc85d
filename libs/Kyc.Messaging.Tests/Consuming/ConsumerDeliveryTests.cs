using System.Text.RegularExpressions;
using Kyc.Messaging.Consuming;
using Kyc.Messaging.Producing;
using Kyc.Persistence.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.Messaging.Tests.Consuming;

public sealed class ConsumerDeliveryTests(MessagingDatabase database, ITestOutputHelper output) : IClassFixture<MessagingDatabase>
{
    [Fact]
    public async Task Events_are_handled_once_each_in_order_per_key_and_their_offsets_committed()
    {
        var topic = UniqueNames.Topic("order");
        var script = new HandlerScript(UniqueNames.GroupId("order"));
        var events = Enumerable.Range(0, 40).Select(i => TestEvents.Create($"case-{i % 4}", i)).ToArray();
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer();
        var produced = await producer.ProduceBatchAsync([.. events.Select(e => new OutgoingEvent(topic, e))]);
        Assert.All(produced, r => Assert.True(r.Acknowledged, r.Error));

        await using var consumer = await TestConsumer.StartAsync(database, script, [topic], output);
        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 40, "40 effects");

        Assert.Equal(events.Select(e => Guid.Parse(e.Id)).Order(), effects.Select(e => e.EventId).Order());
        foreach (var key in effects.GroupBy(e => e.Subject))
        {
            var expected = events.Where(e => e.Subject == key.Key).Select(e => Guid.Parse(e.Id));
            Assert.Equal(expected, key.Select(e => e.EventId));
        }
        Assert.Equal(effects.Select(e => e.EventId).Order(), (await database.InboxAsync(script.ConsumerGroup)).Order());
        foreach (var last in produced.GroupBy(r => r.Partition).Select(p => p.MaxBy(r => r.Offset)!))
            await KafkaProbe.CommittedAtLeastAsync(script.ConsumerGroup, topic, last.Partition, last.Offset + 1);
        Assert.Equal(40, recorder.Sum("kyc.messaging.consumed", ("consumer_group", script.ConsumerGroup), ("topic", topic)));
        Assert.Equal(40, recorder.Sum("kyc.messaging.handled", ("consumer_group", script.ConsumerGroup), ("topic", topic)));
        Assert.Equal(40, recorder.Count("kyc.messaging.handler.duration", ("consumer_group", script.ConsumerGroup), ("outcome", "handled")));
    }

    [Fact]
    public async Task Consumer_lag_per_partition_falls_to_zero_once_everything_is_handled()
    {
        var topic = UniqueNames.Topic("lag");
        var script = new HandlerScript(UniqueNames.GroupId("lag"));
        using var producer = KafkaProbe.CreateProducer();
        var produced = await producer.ProduceBatchAsync([.. Enumerable.Range(0, 10).Select(i => new OutgoingEvent(topic, TestEvents.Create("case-lag", i)))]);
        var partition = produced[0].Partition.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var recorder = new MetricsRecorder();

        await using var consumer = await TestConsumer.StartAsync(database, script, [topic], output);
        await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 10, "10 effects");

        await Eventually.TrueAsync(() =>
        {
            recorder.Observe();
            return recorder.Last("kyc.messaging.consumer.lag", ("consumer_group", script.ConsumerGroup), ("topic", topic), ("partition", partition)) == 0;
        }, "a lag of 0 for the partition");
    }

    [Fact]
    public async Task A_regex_subscription_consumes_every_matching_topic_and_no_other()
    {
        var prefix = UniqueNames.Topic("regex");
        var script = new HandlerScript(UniqueNames.GroupId("regex"));
        using var producer = KafkaProbe.CreateProducer();
        var first = TestEvents.Create("case-1");
        var second = TestEvents.Create("case-2");
        var other = TestEvents.Create("case-3");
        await producer.ProduceAsync($"{prefix}.alpha.events", first);
        await producer.ProduceAsync($"{prefix}.beta.events", second);
        await producer.ProduceAsync($"{prefix}.beta.commands", other);

        await using var consumer = await TestConsumer.StartAsync(database, script, [$"^{Regex.Escape(prefix)}\\..*\\.events$"], output);
        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 2, "both events");

        Assert.Equal(new[] { first.Id, second.Id }.Order(), effects.Select(e => e.EventId.ToString()).Order());
        Assert.Equal(0, script.AttemptsOf(other));
    }

    [Fact]
    public async Task A_redelivered_event_has_no_second_effect()
    {
        var topic = UniqueNames.Topic("duplicate");
        var script = new HandlerScript(UniqueNames.GroupId("duplicate"));
        var e = TestEvents.Create("case-dup", 1);
        var after = TestEvents.Create("case-dup", 2);
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer();
        await producer.ProduceAsync(topic, e);
        await producer.ProduceAsync(topic, e); // the same event again, as after a relay crash or a rebalance
        await producer.ProduceAsync(topic, after); // same key, so handled after both copies

        await using var consumer = await TestConsumer.StartAsync(database, script, [topic], output);
        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup),
            list => list.Any(x => x.EventId == Guid.Parse(after.Id)), "the event after the duplicate");

        Assert.Equal(new[] { Guid.Parse(e.Id), Guid.Parse(after.Id) }, effects.Select(x => x.EventId));
        Assert.Equal(1, script.AttemptsOf(e));
        Assert.Equal(1, recorder.Sum("kyc.messaging.duplicates", ("consumer_group", script.ConsumerGroup), ("topic", topic)));
        Assert.Equal(2, recorder.Sum("kyc.messaging.handled", ("consumer_group", script.ConsumerGroup), ("topic", topic)));
    }

    [Fact]
    public async Task A_failed_attempt_leaves_nothing_behind_and_the_event_is_retried_until_it_succeeds()
    {
        var topic = UniqueNames.Topic("retry");
        var script = new HandlerScript(UniqueNames.GroupId("retry"));
        var e = TestEvents.Create("case-retry");
        var seenAtAttemptStart = new List<(int Attempt, long Effects, long Inbox)>();
        var contexts = new List<KafkaMessageContext?>();
        script.Behavior = async call =>
        {
            lock (contexts) contexts.Add(KafkaMessageContext.Current);
            // What other transactions see while this attempt is open: only committed work.
            await using var command = database.DataSource.CreateCommand(
                "SELECT (SELECT count(*) FROM test_effects WHERE event_id = @id), (SELECT count(*) FROM inbox WHERE event_id = @id)");
            command.Parameters.AddWithValue("id", Guid.Parse(call.Event.Id));
            await using (var reader = await command.ExecuteReaderAsync(call.CancellationToken))
            {
                await reader.ReadAsync(call.CancellationToken);
                lock (seenAtAttemptStart) seenAtAttemptStart.Add((call.Attempt, reader.GetInt64(0), reader.GetInt64(1)));
            }
            if (call.Attempt < 3) throw new InvalidOperationException($"transient failure {call.Attempt}");
        };
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer();
        var produced = await producer.ProduceAsync(topic, e);

        await using var consumer = await TestConsumer.StartAsync(database, script, [topic], output);
        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), list => list.Count >= 1, "the effect");

        var effect = Assert.Single(effects);
        Assert.Equal(3, effect.Attempt);
        Assert.Equal(new[] { 1, 2, 3 }, contexts.Select(c => c!.Attempt));
        Assert.All(contexts, c =>
        {
            Assert.Equal((script.ConsumerGroup, topic, produced.Partition, produced.Offset), (c!.ConsumerGroup, c.Topic, c.Partition, c.Offset));
            Assert.NotNull(c.Timestamp);
        });
        Assert.Null(KafkaMessageContext.Current);
        Assert.Equal(new[] { (1, 0L, 0L), (2, 0L, 0L), (3, 0L, 0L) }, seenAtAttemptStart);
        Assert.Equal(new[] { Guid.Parse(e.Id) }, await database.InboxAsync(script.ConsumerGroup));
        Assert.Equal(2, recorder.Sum("kyc.messaging.retries", ("consumer_group", script.ConsumerGroup)));
        Assert.Equal(0, recorder.Sum("kyc.messaging.dead_lettered", ("consumer_group", script.ConsumerGroup)));
    }

    [Fact]
    public async Task An_unreachable_database_pauses_the_consumer_without_using_up_the_attempts()
    {
        var topic = UniqueNames.Topic("db-down");
        var script = new HandlerScript(UniqueNames.GroupId("db-down"));
        var e = TestEvents.Create("case-db");
        const int outageCalls = 6; // more than the 3 attempts below
        script.Behavior = call => call.Attempt <= outageCalls
            ? throw new NpgsqlException("Exception while reading from stream", new EndOfStreamException())
            : Task.CompletedTask;
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer();
        await producer.ProduceAsync(topic, e);

        await using var consumer = await TestConsumer.StartAsync(database, script, [topic], output, o => o.MaxAttempts = 3);
        var effects = await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), list => list.Count >= 1, "the effect");

        Assert.Equal(outageCalls + 1, Assert.Single(effects).Attempt);
        Assert.Equal(outageCalls, recorder.Sum("kyc.messaging.consumer.stalls", ("consumer_group", script.ConsumerGroup)));
        Assert.Equal(0, recorder.Sum("kyc.messaging.dead_lettered", ("consumer_group", script.ConsumerGroup)));
        Assert.Equal(0, recorder.Sum("kyc.messaging.retries", ("consumer_group", script.ConsumerGroup)));
    }

    [Fact]
    public async Task A_database_without_the_inbox_table_pauses_the_consumer_instead_of_dead_lettering_until_it_is_migrated()
    {
        var topic = UniqueNames.Topic("no-inbox");
        var script = new HandlerScript(UniqueNames.GroupId("no-inbox"));
        var e = TestEvents.Create("case-n");
        var unmigrated = new PostgresDatabase(); // as after a deployment that forgot the migrations
        await unmigrated.InitializeAsync();
        try
        {
            using var recorder = new MetricsRecorder();
            using var producer = KafkaProbe.CreateProducer();
            await producer.ProduceAsync(topic, e);

            await using var consumer = await TestConsumer.StartAsync(unmigrated, script, [topic], output, o => o.MaxAttempts = 1);
            await Eventually.TrueAsync(() => recorder.Sum("kyc.messaging.consumer.stalls", ("consumer_group", script.ConsumerGroup)) >= 3, "three pauses");
            Assert.Equal(0, recorder.Sum("kyc.messaging.dead_lettered", ("consumer_group", script.ConsumerGroup)));
            Assert.Equal(0, script.TotalCalls);

            // The handler's own table first: once the inbox exists the paused message is handled at once.
            await using (var command = unmigrated.DataSource.CreateCommand(MessagingDatabase.EffectsTable)) await command.ExecuteNonQueryAsync();
            await MigrationRunner.ApplyAsync(unmigrated.DataSource, [KycPersistenceMigrations.Source], NullLogger.Instance);

            var effects = await Eventually.GetAsync(() => MessagingDatabase.EffectsAsync(unmigrated.DataSource, script.ConsumerGroup), x => x.Count >= 1, "the effect");
            Assert.Equal(Guid.Parse(e.Id), Assert.Single(effects).EventId);
            Assert.Equal(0, recorder.Sum("kyc.messaging.dead_lettered", ("consumer_group", script.ConsumerGroup)));
        }
        finally
        {
            await unmigrated.DisposeAsync();
        }
    }
}
