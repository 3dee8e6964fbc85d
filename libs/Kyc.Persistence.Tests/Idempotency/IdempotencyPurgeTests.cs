using Kyc.Persistence.Idempotency;
using Kyc.Persistence.Tests.Support;
using Xunit;
using static Kyc.Persistence.Tests.Idempotency.IdempotencyScenario;

namespace Kyc.Persistence.Tests.Idempotency;

public sealed class IdempotencyPurgeTests(PersistenceDatabase database) : IClassFixture<PersistenceDatabase>
{
    [Fact]
    public async Task Purging_deletes_the_expired_keys_and_keeps_the_live_ones()
    {
        var partner = NewPartner();
        string[] keys = [NewKey(), NewKey(), NewKey()];
        foreach (var key in keys) await RunAsync(database.DataSource, partner, key, Hash(key), Created($"/v1/onboarding/cases/{key}"));
        await using (var expire = database.DataSource.CreateCommand(
            "UPDATE idempotency_keys SET expires_at = now() - interval '1 minute' WHERE key = ANY(@keys)"))
        {
            expire.Parameters.AddWithValue("keys", keys[..2]);
            await expire.ExecuteNonQueryAsync();
        }

        var purged = await Store.PurgeExpiredAsync(database.DataSource);

        Assert.Equal(2, purged);
        await using var remaining = database.DataSource.CreateCommand("SELECT array_agg(key) FROM idempotency_keys");
        Assert.Equal([keys[2]], (string[])(await remaining.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Forgetting_a_key_deletes_it_only_once_it_has_expired()
    {
        var (partner, live, expired) = (NewPartner(), NewKey(), NewKey());
        foreach (var key in new[] { live, expired }) await RunAsync(database.DataSource, partner, key, Hash(key), Created($"/v1/onboarding/cases/{key}"));
        await ExpireAsync(database.DataSource, partner, expired);

        await IdempotencyStore.ForgetIfExpiredAsync(database.DataSource, partner, live);
        await IdempotencyStore.ForgetIfExpiredAsync(database.DataSource, partner, expired);

        Assert.IsType<IdempotencyOutcome.Replay>(await IdempotencyStore.FindAnswerAsync(database.DataSource, partner, live, Hash(live)));
        await using var remaining = database.DataSource.CreateCommand("SELECT array_agg(key) FROM idempotency_keys WHERE partner_id = $1");
        remaining.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = partner });
        Assert.Equal([live], (string[])(await remaining.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_key_is_kept_for_the_configured_retention()
    {
        var store = new IdempotencyStore(new IdempotencyOptions { Retention = TimeSpan.FromHours(2) });
        var (partner, key) = (NewPartner(), NewKey());
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await store.BeginAsync(connection, transaction, partner, key, Hash("{}"));

        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT expires_at - created_at FROM idempotency_keys WHERE partner_id = @partner AND key = @key", connection, transaction);
        command.Parameters.AddWithValue("partner", partner);
        command.Parameters.AddWithValue("key", key);
        Assert.Equal(TimeSpan.FromHours(2), await command.ExecuteScalarAsync());
        await transaction.RollbackAsync();
    }

    [Fact]
    public void A_retention_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdempotencyStore(new IdempotencyOptions { Retention = TimeSpan.Zero }));
    }
}
