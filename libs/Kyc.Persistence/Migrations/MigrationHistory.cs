using Npgsql;

namespace Kyc.Persistence.Migrations;

/// <summary>The <c>schema_migrations</c> table: which script of which source was applied, with its checksum.</summary>
internal static class MigrationHistory
{
    private const string CreateTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            source       text        NOT NULL,
            version      int         NOT NULL,
            description  text        NOT NULL,
            checksum     text        NOT NULL,
            applied_at   timestamptz NOT NULL DEFAULT now(),
            execution_ms int         NOT NULL,
            PRIMARY KEY (source, version)
        )
        """;

    public static async Task EnsureTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CreateTableSql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task<IReadOnlyList<MigrationHistoryEntry>> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT source, version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<MigrationHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new MigrationHistoryEntry(reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        return entries;
    }

    public static async Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string source, MigrationScript script, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO schema_migrations (source, version, description, checksum, execution_ms)
            VALUES (@source, @version, @description, @checksum, @execution_ms)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("version", script.Version);
        command.Parameters.AddWithValue("description", script.Description);
        command.Parameters.AddWithValue("checksum", script.Checksum);
        command.Parameters.AddWithValue("execution_ms", (int)Math.Min(int.MaxValue, Math.Round(duration.TotalMilliseconds)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
