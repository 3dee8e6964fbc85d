using Kyc.OutboxRelay.Leadership;
using Kyc.OutboxRelay.Outbox;
using Kyc.OutboxRelay.Tests.Support;
using Kyc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.OutboxRelay.Tests;

/// <summary>Two relays on one source, and a leader that loses its advisory lock while it publishes.</summary>
public sealed class LeadershipChangeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Aggregates = 20;
    private const int EventsPerAggregate = 100;
    private const int BatchSize = 200;

    private readonly OutboxDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_leader_whose_lock_session_ended_sends_nothing_more_and_its_successor_publishes_each_event_once()
    {
        var topic = UniqueNames.Topic("relay-fenced");
        var rows = Enumerable.Range(0, 10).Select(i => Events.For(topic, "case-1", i)).ToArray();
        await _db.InsertAsync(rows);
        var logger = new TestLogger(output, "old-leader");
        await using var lease = await Leadership(logger).AcquireAsync(CancellationToken.None);
        var oldLeader = RelayRunner.Create(_db, StackSettings.KafkaBootstrap, output);
        using var producer = RelayRunner.Producers(StackSettings.KafkaBootstrap, "test-old-leader", logger)();

        // The server ends the lock session (the lock goes with it) while the leader is about to read its next batch.
        Assert.True(await _db.ScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", ("pid", lease.BackendPid)));
        await Assert.ThrowsAnyAsync<Exception>(() => oldLeader.RelayBatchAsync(producer, lease, CancellationToken.None));

        Assert.Equal(0L, await _db.PublishedCountAsync());
        await using var successor = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, instance: "successor");
        await _db.AllPublishedAsync(10);
        var records = await KafkaProbe.ReadAsync<string, byte[]>(topic, read => read.Count >= 10);
        Assert.Equal(rows.Select(r => r.Id.ToString()), records.Select(TopicReader.IdOf));
    }

    [Fact]
    public async Task A_leader_that_lost_its_lock_after_reading_a_batch_cannot_mark_it_published()
    {
        var topic = UniqueNames.Topic("relay-fenced-mark");
        await _db.InsertAsync([.. Enumerable.Range(0, 10).Select(i => Events.For(topic, "case-1", i))]);
        await using var lease = await Leadership(new TestLogger(output, "old-leader")).AcquireAsync(CancellationToken.None);
        var table = new OutboxTable(_db.DataSource, OutboxTableName.Parse("outbox"));
        var batch = await lease.ExecuteAsync((session, ct) => table.FetchUnpublishedAsync(session, 100, ct), CancellationToken.None);
        Assert.Equal(10, batch.Count);

        // Between sending the batch and marking it, the lock session ends (a new leader may already own these rows).
        Assert.True(await _db.ScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", ("pid", lease.BackendPid)));
        await Assert.ThrowsAnyAsync<Exception>(() =>
            lease.ExecuteAsync((session, ct) => table.MarkPublishedAsync(session, [.. batch.Select(r => r.Id)], ct), CancellationToken.None));

        Assert.Equal(0L, await _db.PublishedCountAsync());
    }

    /// <summary>A lock holder without a liveness ping of its own, so that it does not notice a lost session before it acts.</summary>
    private SourceLeadership Leadership(TestLogger logger) =>
        new("main", _db.ConnectionString, OutboxTableName.Parse("outbox"), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), logger);

    [Fact]
    public async Task A_leadership_change_during_publishing_loses_nothing_and_keeps_each_aggregates_order()
    {
        var topic = UniqueNames.Topic("relay-takeover");
        var written = Enumerable.Range(0, Aggregates).ToDictionary(a => $"case-{a:00}-{Guid.NewGuid():N}", _ => new List<string>());
        await using var a = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, o => o.BatchSize = BatchSize, instance: "a");
        await a.WaitUntilLeaderAsync();
        await using var b = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, o => o.BatchSize = BatchSize, instance: "b");

        var writing = Task.Run(async () =>
        {
            for (var position = 0; position < EventsPerAggregate; position++)
            {
                var messages = written.Keys.Select(s => Events.For(topic, s, position)).ToArray();
                await _db.InsertAsync(messages);
                foreach (var m in messages) written[m.Subject].Add(m.Id.ToString());
            }
        });
        await Eventually.TrueAsync(async () => await _db.PublishedCountAsync() >= 3 * BatchSize, TimeSpan.FromSeconds(60), "a publishes");

        // a's lock session ends while it publishes (its network to the database fails): b takes over mid-stream.
        var leaderPid = await _db.ScalarAsync<int>(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
        Assert.True(await _db.ScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", ("pid", leaderPid)));
        var publishedAtTakeover = await _db.PublishedCountAsync();
        await b.WaitUntilLeaderAsync(TimeSpan.FromSeconds(10));
        await writing;
        await _db.AllPublishedAsync(Aggregates * EventsPerAggregate, TimeSpan.FromSeconds(120));

        var records = await TopicReader.ReadAsync(StackSettings.KafkaBootstrap, topic, Aggregates * EventsPerAggregate);
        foreach (var (subject, ids) in written)
            Assert.Equal(ids, records.Where(r => r.Message.Key == subject).Select(TopicReader.IdOf).Distinct());
        var duplicates = records.Count - Aggregates * EventsPerAggregate;
        output.WriteLine($"{records.Count} messages for {Aggregates * EventsPerAggregate} events ({duplicates} duplicates); {publishedAtTakeover} marked when a lost its lock");
        // What a had in flight when it lost the lock (one batch: it reads each batch on the lock session), and room for one
        // batch of b's sent again after a timed-out acknowledgement on a loaded machine.
        Assert.InRange(duplicates, 0, 2 * BatchSize);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE last_error IS NOT NULL AND published_at IS NULL"));
    }
}
