using System.Security.Cryptography;
using System.Text;
using Kyc.Audit.Domain.Log;
using Kyc.Audit.Infrastructure.Persistence;
using Kyc.Persistence.Migrations;
using Kyc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Kyc.Audit.Tests.Support;

/// <summary>
/// The audit database of one test class: a copy of a template that already holds every migration of the service
/// (Kyc.Persistence's tables, then services/audit/migrations), so the app finds nothing to apply. The test's own
/// connections are the database owner's (the stack's kyc role), which may disable triggers to tamper with rows.
/// </summary>
public sealed class AuditDatabase() : PostgresDatabase(Template)
{
    private static readonly TemplateDatabase Template = new("kyc_audit", Fingerprint(), async connection =>
        await MigrationRunner.ApplyAsync(connection, Sources(), NullLogger.Instance));

    public static MigrationSource[] Sources() =>
        [KycPersistenceMigrations.Source, MigrationSource.FromDirectory("audit", Repo.MigrationsDirectory)];

    private static string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var script in KycPersistenceMigrations.Source.Scripts) text.Append($"kyc.persistence/{script.Version}:{script.Checksum}\n");
        foreach (var file in Directory.GetFiles(Repo.MigrationsDirectory, "*.sql").Order(StringComparer.Ordinal))
            text.Append($"audit/{Path.GetFileName(file)}:{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Appends entries with the service's appender, one transaction each (as the consumer does).</summary>
    public async Task<List<AppendResult>> AppendAsync(params AuditEntry[] entries)
    {
        var appender = new PostgresAuditAppender();
        var results = new List<AppendResult>();
        foreach (var entry in entries)
        {
            await using var connection = await DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            results.Add(await appender.AppendAsync(connection, transaction, entry, CancellationToken.None));
            await transaction.CommitAsync();
        }
        return results;
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="sql"/> with the append-only triggers disabled (as the table owner), in one transaction.</summary>
    public async Task TamperAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var disable = new NpgsqlCommand(
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate", connection, transaction))
        {
            await disable.ExecuteNonQueryAsync();
        }
        await using (var cmd = new NpgsqlCommand(sql, connection, transaction))
        {
            foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
            await cmd.ExecuteNonQueryAsync();
        }
        await using (var enable = new NpgsqlCommand(
            "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate", connection, transaction))
        {
            await enable.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }
}
