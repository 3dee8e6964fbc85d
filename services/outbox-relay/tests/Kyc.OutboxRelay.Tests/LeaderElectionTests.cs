using Kyc.OutboxRelay.Leadership;
using Kyc.OutboxRelay.Outbox;
using Kyc.OutboxRelay.Tests.Support;
using Kyc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.OutboxRelay.Tests;

public sealed class LeaderElectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly OutboxDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Two_relays_on_one_source_have_one_leader_and_the_standby_takes_over_when_the_leader_stops()
    {
        var topic = UniqueNames.Topic("relay-leader");
        await using var a = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, instance: "a");
        await a.WaitUntilLeaderAsync();
        await using var b = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, instance: "b");
        await Eventually.TrueAsync(async () => await WaitingLockSessionsAsync() == 1, TimeSpan.FromSeconds(30), "b waits on the leader lock");

        using var watching = new CancellationTokenSource();
        var maxLeaders = 0;
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                maxLeaders = Math.Max(maxLeaders, (a.IsLeader ? 1 : 0) + (b.IsLeader ? 1 : 0));
                await Task.Delay(5);
            }
        });

        for (var i = 0; i < 100; i++) await _db.InsertAsync(Events.For(topic, $"case-{i % 10}", i));
        await _db.AllPublishedAsync(100);
        Assert.True(a.IsLeader);
        Assert.False(b.IsLeader);
        Assert.Equal(1L, await GrantedLockSessionsAsync());

        await a.StopAsync();
        await b.WaitUntilLeaderAsync(TimeSpan.FromSeconds(10));
        for (var i = 100; i < 200; i++) await _db.InsertAsync(Events.For(topic, $"case-{i % 10}", i));
        await _db.AllPublishedAsync(200);

        await watching.CancelAsync();
        await watcher;
        Assert.Equal(1, maxLeaders);
        await TopicReader.ReadAsync(StackSettings.KafkaBootstrap, topic, 200);
    }

    [Fact]
    public async Task When_the_leaders_lock_session_dies_it_stops_publishing_the_standby_takes_over_and_the_old_leader_stands_by()
    {
        var topic = UniqueNames.Topic("relay-leader-lost");
        await using var a = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, instance: "a");
        await a.WaitUntilLeaderAsync();
        await using var b = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, instance: "b");
        await Eventually.TrueAsync(async () => await WaitingLockSessionsAsync() == 1, TimeSpan.FromSeconds(30), "b waits on the leader lock");

        // The leader's lock connection breaks (as when its network to the database fails): the server ends the session.
        var leaderPid = await _db.ScalarAsync<int>(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
        Assert.True(await _db.ScalarAsync<bool>("SELECT pg_terminate_backend(@pid)", ("pid", leaderPid)));

        await b.WaitUntilLeaderAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => !a.IsLeader, TimeSpan.FromSeconds(10), "a notices it lost the lock");
        await Eventually.TrueAsync(async () => await WaitingLockSessionsAsync() == 1, TimeSpan.FromSeconds(30), "a stands by on the lock");

        for (var i = 0; i < 50; i++) await _db.InsertAsync(Events.For(topic, "case-1", i));
        await _db.AllPublishedAsync(50);
        Assert.True(b.IsLeader);
        Assert.False(a.IsLeader);
        await TopicReader.ReadAsync(StackSettings.KafkaBootstrap, topic, 50);
    }

    [Fact]
    public void The_lock_key_is_stable_and_differs_per_table()
    {
        Assert.Equal(SourceLeadership.KeyFor(OutboxTableName.Parse("outbox")), SourceLeadership.KeyFor(OutboxTableName.Parse("OUTBOX")));
        Assert.NotEqual(SourceLeadership.KeyFor(OutboxTableName.Parse("outbox")), SourceLeadership.KeyFor(OutboxTableName.Parse("billing.outbox")));
    }

    private Task<long> GrantedLockSessionsAsync() => LockSessionsAsync(granted: true);

    private Task<long> WaitingLockSessionsAsync() => LockSessionsAsync(granted: false);

    private Task<long> LockSessionsAsync(bool granted) =>
        _db.ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted = @granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            ("granted", granted));
}
