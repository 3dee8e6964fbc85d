using System.Security.Cryptography;
using System.Text;
using Kyc.Persistence.Migrations;
using Kyc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Kyc.Onboarding.Tests.Support;

/// <summary>
/// One region's database for one test class: a copy of a template that already holds every migration of the
/// service (Kyc.Persistence's tables, then services/onboarding/migrations), so the app finds nothing to apply.
/// </summary>
public sealed class OnboardingDatabase() : PostgresDatabase(Template)
{
    private static readonly TemplateDatabase Template = new("kyc_onboarding", Fingerprint(), async connection =>
        await MigrationRunner.ApplyAsync(connection, Sources(), NullLogger.Instance));

    /// <summary>What the service applies at start, in the same order.</summary>
    public static MigrationSource[] Sources() =>
        [KycPersistenceMigrations.Source, MigrationSource.FromDirectory("onboarding", Repo.MigrationsDirectory)];

    /// <summary>A hash of every migration script's content: the template is rebuilt when any script changes.</summary>
    private static string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var script in KycPersistenceMigrations.Source.Scripts) text.Append($"kyc.persistence/{script.Version}:{script.Checksum}\n");
        foreach (var file in Directory.GetFiles(Repo.MigrationsDirectory, "*.sql").Order(StringComparer.Ordinal))
        {
            text.Append($"onboarding/{Path.GetFileName(file)}:{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))}\n");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<long> CountCasesAsync(string partnerId) =>
        CountAsync("SELECT count(*) FROM cases WHERE partner_id = @p", ("p", partnerId));

    public Task<long> CountCaseAsync(string caseId) =>
        CountAsync("SELECT count(*) FROM cases WHERE id = @id", ("id", CaseIds.Guid(caseId)));

    /// <summary>The stored version of a case, or null when this database does not hold it.</summary>
    public async Task<int?> CaseVersionAsync(string caseId)
    {
        await using var cmd = DataSource.CreateCommand("SELECT version FROM cases WHERE id = @id");
        cmd.Parameters.AddWithValue("id", CaseIds.Guid(caseId));
        return await cmd.ExecuteScalarAsync() is int version ? version : null;
    }

    public Task<long> CountOutboxAsync(string? partnerId = null) =>
        partnerId is null
            ? CountAsync("SELECT count(*) FROM outbox")
            : CountAsync("SELECT count(*) FROM outbox WHERE partner_id = @p", ("p", partnerId));

    public Task<long> CountIdempotencyKeysAsync(string partnerId) =>
        CountAsync("SELECT count(*) FROM idempotency_keys WHERE partner_id = @p", ("p", partnerId));

    /// <summary>Moves one Idempotency-Key's expiry into the past, as if its retention had run out (it is not purged).</summary>
    public async Task ExpireIdempotencyKeyAsync(string partnerId, string key)
    {
        await using var cmd = DataSource.CreateCommand(
            "UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE partner_id = @p AND key = @k");
        cmd.Parameters.AddWithValue("p", partnerId);
        cmd.Parameters.AddWithValue("k", key);
        if (await cmd.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException("no such key to expire");
    }

    /// <summary>The outbox rows of one case (its events), in publishing order.</summary>
    public async Task<List<OutboxRow>> OutboxAsync(string caseId)
    {
        await using var cmd = DataSource.CreateCommand(
            "SELECT sequence, topic, event_type, source, subject, partner_id, occurred_at, data::text, data_schema, correlation_id, published_at " +
            "FROM outbox WHERE subject = @subject ORDER BY sequence");
        cmd.Parameters.AddWithValue("subject", caseId);
        var rows = new List<OutboxRow>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new OutboxRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10)));
        }
        return rows;
    }

    /// <summary>A connection of the test's own (not the app's), e.g. to change the schema under the app.</summary>
    public ValueTask<NpgsqlConnection> OpenAsync() => DataSource.OpenConnectionAsync();
}

public sealed record OutboxRow(long Sequence, string Topic, string EventType, string Source, string Subject, string PartnerId,
    DateTimeOffset OccurredAt, string Data, string? DataSchema, string? CorrelationId, DateTimeOffset? PublishedAt);

public static class CaseIds
{
    /// <summary>The UUID part of a case id such as <c>eu-0193f7a2-...</c>.</summary>
    public static Guid Guid(string caseId) => System.Guid.Parse(caseId.AsSpan(3));
}
