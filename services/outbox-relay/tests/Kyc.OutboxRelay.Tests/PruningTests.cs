using Kyc.OutboxRelay.Tests.Support;
using Kyc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.OutboxRelay.Tests;

public sealed class PruningTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly OutboxDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Pruning_deletes_only_published_rows_older_than_the_retention_in_small_batches()
    {
        var topic = UniqueNames.Topic("relay-prune");
        var oldPublished = Enumerable.Range(0, 7).Select(i => Events.For(topic, "case-old", i)).ToArray();
        var recentPublished = Enumerable.Range(0, 3).Select(i => Events.For(topic, "case-recent", i)).ToArray();
        var oldUnpublished = Enumerable.Range(0, 4).Select(i => Events.For(topic, "case-stuck", i)).ToArray();
        await _db.InsertAsync([.. oldPublished, .. recentPublished, .. oldUnpublished]);
        await SetAsync(oldPublished, "created_at = now() - interval '9 days', published_at = now() - interval '8 days'");
        await SetAsync(recentPublished, "created_at = now() - interval '9 days', published_at = now() - interval '6 days 23 hours'");
        await SetAsync(oldUnpublished, "created_at = now() - interval '30 days', attempts = 12, last_error = 'Timeout'");

        // Constructed, not running: no leader loop publishes the stuck rows meanwhile.
        var relay = RelayRunner.Create(_db, StackSettings.KafkaBootstrap, output, o =>
        {
            o.Retention = TimeSpan.FromDays(7);
            o.PruneBatchSize = 2;
        });

        var deleted = await relay.PruneAsync(CancellationToken.None);

        Assert.Equal(7, deleted);
        var left = await _db.ScalarAsync<string[]>("SELECT array_agg(DISTINCT subject ORDER BY subject) FROM outbox");
        Assert.Equal(["case-recent", "case-stuck"], left);
        Assert.Equal(7L, await _db.CountAsync());
    }

    private Task SetAsync(IEnumerable<Kyc.Persistence.Outbox.OutboxMessage> messages, string assignments) =>
        _db.ExecuteAsync($"UPDATE outbox SET {assignments} WHERE id = ANY(@ids)", ("ids", messages.Select(m => m.Id).ToArray()));
}
