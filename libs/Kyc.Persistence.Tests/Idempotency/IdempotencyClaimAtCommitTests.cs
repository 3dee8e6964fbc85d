using Kyc.Persistence.Idempotency;
using Kyc.Persistence.Tests.Support;
using Npgsql;
using Xunit;
using static Kyc.Persistence.Tests.Idempotency.IdempotencyScenario;

namespace Kyc.Persistence.Tests.Idempotency;

/// <summary>
/// <see cref="IdempotencyStore.ClaimCompletedCommand"/>: a new key and its response in the caller's batch at commit; a key
/// that exists fails the batch before its COMMIT, and the caller answers with <see cref="IdempotencyStore.FindAnswerAsync"/>
/// (or, for an expired key, <see cref="IdempotencyStore.ForgetIfExpiredAsync"/> and runs again).
/// </summary>
public sealed class IdempotencyClaimAtCommitTests(PersistenceDatabase database) : IClassFixture<PersistenceDatabase>
{
    [Fact]
    public async Task A_new_key_is_claimed_with_its_response_and_replays_afterwards()
    {
        var (partner, key) = (NewPartner(), NewKey());

        await ClaimAtCommitAsync(partner, key, Hash("{}"), Created("/v1/onboarding/cases/21"));

        var replayed = Assert.IsType<IdempotencyOutcome.Replay>(await RunAsync(database.DataSource, partner, key, Hash("{}"), Created("/x")));
        Assert.Equal("/v1/onboarding/cases/21", replayed.Response.Headers["Location"]);
        Assert.Equal(Created("/v1/onboarding/cases/21").Body.ToArray(), replayed.Response.Body.ToArray());
    }

    [Fact]
    public async Task A_used_key_fails_the_batch_before_its_commit_and_nothing_of_it_is_stored()
    {
        var (partner, key) = (NewPartner(), NewKey());
        await RunAsync(database.DataSource, partner, key, Hash("first"), Created("/v1/onboarding/cases/22"));
        var marker = Guid.NewGuid().ToString();

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            ClaimAtCommitAsync(partner, key, Hash("second"), Created("/v1/onboarding/cases/23"), marker));

        Assert.True(IdempotencyStore.IsKeyTaken(error));
        Assert.Equal(0, await CountMarkersAsync(marker));
        Assert.IsType<IdempotencyOutcome.Mismatch>(await RunAsync(database.DataSource, partner, key, Hash("second"), Created("/x")));
    }

    [Fact]
    public async Task An_expired_key_not_yet_purged_is_taken_and_left_to_the_claim_that_takes_over()
    {
        var (partner, key) = (NewPartner(), NewKey());
        await RunAsync(database.DataSource, partner, key, Hash("old"), Created("/v1/onboarding/cases/24"));
        await ExpireAsync(database.DataSource, partner, key);

        var error = await Assert.ThrowsAsync<PostgresException>(() => ClaimAtCommitAsync(partner, key, Hash("new"), Created("/v1/onboarding/cases/25")));

        Assert.True(IdempotencyStore.IsKeyTaken(error));
        Assert.IsType<IdempotencyOutcome.Proceed>(await RunAsync(database.DataSource, partner, key, Hash("new"), Created("/v1/onboarding/cases/25")));
    }

    [Fact]
    public async Task A_claim_at_commit_waits_for_a_transaction_holding_the_key_and_fails_once_that_one_commits()
    {
        var (partner, key) = (NewPartner(), NewKey());
        await using var holder = await database.DataSource.OpenConnectionAsync();
        await using var holding = await holder.BeginTransactionAsync();
        Assert.IsType<IdempotencyOutcome.Proceed>(await Store.BeginAsync(holder, holding, partner, key, Hash("{}")));

        var waiting = ClaimAtCommitAsync(partner, key, Hash("{}"), Created("/v1/onboarding/cases/26"));
        await ServerSessions.WaitUntilOneIsBlockedByAsync(database.DataSource, holder.ProcessID);
        Assert.False(waiting.IsCompleted);
        await Store.CompleteAsync(holder, holding, partner, key, Created("/v1/onboarding/cases/27"));
        await holding.CommitAsync();

        Assert.True(IdempotencyStore.IsKeyTaken(await Assert.ThrowsAsync<PostgresException>(() => waiting)));
        var replayed = Assert.IsType<IdempotencyOutcome.Replay>(await RunAsync(database.DataSource, partner, key, Hash("{}"), Created("/x")));
        Assert.Equal("/v1/onboarding/cases/27", replayed.Response.Headers["Location"]);
    }

    [Fact]
    public async Task Find_answer_replays_or_refuses_a_committed_key_and_knows_no_other()
    {
        var (partner, key) = (NewPartner(), NewKey());
        Assert.Null(await IdempotencyStore.FindAnswerAsync(database.DataSource, partner, key, Hash("{}")));
        await ClaimAtCommitAsync(partner, key, Hash("{}"), Created("/v1/onboarding/cases/28"));

        var replay = Assert.IsType<IdempotencyOutcome.Replay>(await IdempotencyStore.FindAnswerAsync(database.DataSource, partner, key, Hash("{}")));
        Assert.Equal("/v1/onboarding/cases/28", replay.Response.Headers["Location"]);
        Assert.IsType<IdempotencyOutcome.Mismatch>(await IdempotencyStore.FindAnswerAsync(database.DataSource, partner, key, Hash("other")));
        Assert.Null(await IdempotencyStore.FindAnswerAsync(database.DataSource, NewPartner(), key, Hash("{}")));
        await ExpireAsync(database.DataSource, partner, key);
        Assert.Null(await IdempotencyStore.FindAnswerAsync(database.DataSource, partner, key, Hash("{}")));
    }

    [Fact]
    public async Task Find_answer_does_not_see_or_wait_for_a_key_still_being_claimed()
    {
        var (partner, key) = (NewPartner(), NewKey());
        await using var holder = await database.DataSource.OpenConnectionAsync();
        await using var holding = await holder.BeginTransactionAsync();
        Assert.IsType<IdempotencyOutcome.Proceed>(await Store.BeginAsync(holder, holding, partner, key, Hash("{}")));

        Assert.Null(await IdempotencyStore.FindAnswerAsync(database.DataSource, partner, key, Hash("{}")));
    }

    [Fact]
    public void Other_failures_are_not_a_taken_key()
    {
        Assert.False(IdempotencyStore.IsKeyTaken(new InvalidOperationException()));
        Assert.False(IdempotencyStore.IsKeyTaken(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
    }

    /// <summary>The claim, a business write (a row marked with <paramref name="marker"/>) and the COMMIT, in one batch as a service sends them.</summary>
    private async Task ClaimAtCommitAsync(string partner, string key, string hash, StoredResponse response, string? marker = null)
    {
        await using (var create = database.DataSource.CreateCommand("CREATE TABLE IF NOT EXISTS claim_at_commit_writes (marker text NOT NULL)"))
            await create.ExecuteNonQueryAsync();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Store.ClaimCompletedCommand(partner, key, hash, response));
        var write = new NpgsqlBatchCommand("INSERT INTO claim_at_commit_writes (marker) VALUES ($1)");
        write.Parameters.Add(new NpgsqlParameter<string> { TypedValue = marker ?? Guid.NewGuid().ToString() });
        batch.BatchCommands.Add(write);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync();
    }

    private async Task<long> CountMarkersAsync(string marker)
    {
        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM claim_at_commit_writes WHERE marker = $1");
        count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = marker });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
