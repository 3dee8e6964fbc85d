using Kyc.Persistence.Idempotency;
using Kyc.Persistence.Tests.Support;
using Npgsql;
using Xunit;
using static Kyc.Persistence.Tests.Idempotency.IdempotencyScenario;

namespace Kyc.Persistence.Tests.Idempotency;

public sealed class IdempotencyConcurrencyTests(PersistenceDatabase database) : IClassFixture<PersistenceDatabase>
{
    [Fact]
    public async Task Of_two_concurrent_requests_with_one_key_one_proceeds_and_the_other_replays_its_response_after_commit()
    {
        var (partner, key, hash) = (NewPartner(), NewKey(), Hash("""{"legal_name":"Acme"}"""));
        await using var a = await Command.BeginAsync(database.DataSource);
        await using var b = await Command.BeginAsync(database.DataSource);

        var beginA = Store.BeginAsync(a.Connection, a.Transaction, partner, key, hash);
        var beginB = Store.BeginAsync(b.Connection, b.Transaction, partner, key, hash);
        var first = await Task.WhenAny(beginA, beginB);
        var (owner, waiter, waiting) = first == beginA ? (a, b, beginB) : (b, a, beginA);

        Assert.IsType<IdempotencyOutcome.Proceed>(await first);
        Assert.Equal("transactionid", await ServerSessions.WaitUntilBlockedOnLockAsync(database.DataSource, waiter.Connection.ProcessID));
        Assert.False(waiting.IsCompleted);
        var response = Created("/v1/onboarding/cases/1");
        await Store.CompleteAsync(owner.Connection, owner.Transaction, partner, key, response);
        await owner.Transaction.CommitAsync();

        var replay = Assert.IsType<IdempotencyOutcome.Replay>(await waiting);
        Assert.Equal(response.Body.ToArray(), replay.Response.Body.ToArray());
        Assert.Equal("/v1/onboarding/cases/1", replay.Response.Headers["Location"]);
    }

    [Fact]
    public async Task A_request_waiting_on_a_key_proceeds_when_the_owner_rolls_back()
    {
        var (partner, key, hash) = (NewPartner(), NewKey(), Hash("{}"));
        await using var owner = await Command.BeginAsync(database.DataSource);
        await using var waiter = await Command.BeginAsync(database.DataSource);
        Assert.IsType<IdempotencyOutcome.Proceed>(await Store.BeginAsync(owner.Connection, owner.Transaction, partner, key, hash));

        var waiting = Store.BeginAsync(waiter.Connection, waiter.Transaction, partner, key, hash);
        await ServerSessions.WaitUntilBlockedOnLockAsync(database.DataSource, waiter.Connection.ProcessID);
        await owner.Transaction.RollbackAsync();

        Assert.IsType<IdempotencyOutcome.Proceed>(await waiting);
    }

    /// <summary>One command's connection and open transaction.</summary>
    private sealed record Command(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public static async Task<Command> BeginAsync(NpgsqlDataSource dataSource)
        {
            var connection = await dataSource.OpenConnectionAsync();
            return new Command(connection, await connection.BeginTransactionAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
