using System.Text;
using Kyc.Persistence.Idempotency;
using Npgsql;

namespace Kyc.Persistence.Tests.Idempotency;

/// <summary>What the idempotency tests share: requests, responses, and one command transaction at a time.</summary>
internal static class IdempotencyScenario
{
    public static readonly IdempotencyStore Store = new();

    public static string NewPartner() => $"partner-{Guid.NewGuid():N}";

    public static string NewKey() => Guid.NewGuid().ToString();

    public static string Hash(string body) =>
        IdempotencyRequestHash.Compute("POST", "/v1/onboarding/cases", Encoding.UTF8.GetBytes(body));

    public static StoredResponse Created(string location) => new(
        201,
        "application/json; charset=utf-8",
        new Dictionary<string, string> { ["Location"] = location, ["ETag"] = "W/\"1\"" },
        new byte[] { 0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x31, 0x7D, 0x00, 0xFF, 0xC3 });

    /// <summary>Moves the key's expiry into the past, as if its retention had run out (it is not purged).</summary>
    public static async Task ExpireAsync(NpgsqlDataSource dataSource, string partner, string key)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE partner_id = $1 AND key = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = partner });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        if (await command.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException("no such key to expire");
    }

    /// <summary>Begins in a new transaction, then commits with <paramref name="response"/> stored when it may proceed.</summary>
    public static async Task<IdempotencyOutcome> RunAsync(
        NpgsqlDataSource dataSource, string partner, string key, string hash, StoredResponse response, bool commit = true)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var outcome = await Store.BeginAsync(connection, transaction, partner, key, hash);
        if (outcome is IdempotencyOutcome.Proceed) await Store.CompleteAsync(connection, transaction, partner, key, response);
        if (commit) await transaction.CommitAsync();
        else await transaction.RollbackAsync();
        return outcome;
    }
}
