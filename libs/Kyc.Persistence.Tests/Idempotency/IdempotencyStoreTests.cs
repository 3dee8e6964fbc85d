using Kyc.Persistence.Idempotency;
using Kyc.Persistence.Tests.Support;
using Xunit;
using static Kyc.Persistence.Tests.Idempotency.IdempotencyScenario;

namespace Kyc.Persistence.Tests.Idempotency;

public sealed class IdempotencyStoreTests(PersistenceDatabase database) : IClassFixture<PersistenceDatabase>
{
    [Fact]
    public async Task The_first_use_of_a_key_proceeds()
    {
        var outcome = await RunAsync(database.DataSource, NewPartner(), NewKey(), Hash("{}"), Created("/v1/onboarding/cases/1"));

        Assert.IsType<IdempotencyOutcome.Proceed>(outcome);
    }

    [Fact]
    public async Task The_same_key_and_request_after_commit_replays_the_stored_response_byte_for_byte()
    {
        var (partner, key) = (NewPartner(), NewKey());
        var response = Created("/v1/onboarding/cases/2");
        await RunAsync(database.DataSource, partner, key, Hash("""{"legal_name":"Acme"}"""), response);

        var outcome = await RunAsync(database.DataSource, partner, key, Hash("""{"legal_name":"Acme"}"""), Created("/elsewhere"));

        var replayed = Assert.IsType<IdempotencyOutcome.Replay>(outcome).Response;
        Assert.Equal(201, replayed.Status);
        Assert.Equal("application/json; charset=utf-8", replayed.ContentType);
        Assert.Equal(response.Body.ToArray(), replayed.Body.ToArray());
        Assert.Equal(response.Headers.OrderBy(h => h.Key), replayed.Headers.OrderBy(h => h.Key));
        Assert.Equal("/v1/onboarding/cases/2", replayed.Headers["location"]);
    }

    [Fact]
    public async Task A_response_without_content_type_or_body_replays_as_stored()
    {
        var (partner, key) = (NewPartner(), NewKey());
        var noContent = new StoredResponse(204, null, new Dictionary<string, string>(), ReadOnlyMemory<byte>.Empty);
        await RunAsync(database.DataSource, partner, key, Hash("{}"), noContent);

        var replayed = Assert.IsType<IdempotencyOutcome.Replay>(await RunAsync(database.DataSource, partner, key, Hash("{}"), noContent)).Response;

        Assert.Equal((204, (string?)null, 0, 0), (replayed.Status, replayed.ContentType, replayed.Headers.Count, replayed.Body.Length));
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_a_mismatch()
    {
        var (partner, key) = (NewPartner(), NewKey());
        await RunAsync(database.DataSource, partner, key, Hash("""{"legal_name":"Acme"}"""), Created("/v1/onboarding/cases/3"));

        var outcome = await RunAsync(database.DataSource, partner, key, Hash("""{"legal_name":"Other"}"""), Created("/v1/onboarding/cases/4"));

        Assert.IsType<IdempotencyOutcome.Mismatch>(outcome);
    }

    [Fact]
    public async Task Keys_are_scoped_per_partner()
    {
        var key = NewKey();
        await RunAsync(database.DataSource, NewPartner(), key, Hash("a"), Created("/v1/onboarding/cases/5"));

        var otherPartner = await RunAsync(database.DataSource, NewPartner(), key, Hash("b"), Created("/v1/onboarding/cases/6"));

        Assert.IsType<IdempotencyOutcome.Proceed>(otherPartner);
    }

    [Fact]
    public async Task A_rolled_back_transaction_frees_the_key()
    {
        var (partner, key) = (NewPartner(), NewKey());
        await RunAsync(database.DataSource, partner, key, Hash("{}"), Created("/v1/onboarding/cases/7"), commit: false);

        var retry = await RunAsync(database.DataSource, partner, key, Hash("{}"), Created("/v1/onboarding/cases/8"));

        Assert.IsType<IdempotencyOutcome.Proceed>(retry);
    }

    [Fact]
    public async Task An_expired_key_not_yet_purged_can_be_used_for_a_new_request()
    {
        var (partner, key) = (NewPartner(), NewKey());
        await RunAsync(database.DataSource, partner, key, Hash("old"), Created("/v1/onboarding/cases/9"));
        await ExpireAsync(database.DataSource, partner, key);

        var outcome = await RunAsync(database.DataSource, partner, key, Hash("new"), Created("/v1/onboarding/cases/10"));

        Assert.IsType<IdempotencyOutcome.Proceed>(outcome);
        var replayed = Assert.IsType<IdempotencyOutcome.Replay>(await RunAsync(database.DataSource, partner, key, Hash("new"), Created("/x")));
        Assert.Equal("/v1/onboarding/cases/10", replayed.Response.Headers["Location"]);
    }

    [Fact]
    public async Task Completing_a_key_that_this_transaction_did_not_begin_fails()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Store.CompleteAsync(connection, transaction, NewPartner(), NewKey(), Created("/v1/onboarding/cases/11")));
    }

    [Fact]
    public async Task A_key_committed_without_a_response_is_reported_as_a_programming_error()
    {
        var (partner, key) = (NewPartner(), NewKey());
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Store.BeginAsync(connection, transaction, partner, key, Hash("{}"));
            await transaction.CommitAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RunAsync(database.DataSource, partner, key, Hash("{}"), Created("/v1/onboarding/cases/12")));
        Assert.Contains("CompleteAsync", error.Message, StringComparison.Ordinal);
    }
}
