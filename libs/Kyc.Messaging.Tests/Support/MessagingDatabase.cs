using Kyc.Persistence.Migrations;
using Kyc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Kyc.Messaging.Tests.Support;

/// <summary>
/// A database of its own per test class, copied from a template with Kyc.Persistence's tables (the inbox) and a
/// <c>test_effects</c> table where the test handlers write what a real handler would write.
/// </summary>
public sealed class MessagingDatabase() : PostgresDatabase(Template)
{
    internal const string EffectsTable = """
        CREATE TABLE test_effects (
            id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            consumer_group text        NOT NULL,
            event_id       uuid        NOT NULL,
            subject        text,
            data           jsonb,
            attempt        int         NOT NULL
        );
        """;

    private static readonly TemplateDatabase Template = new(
        "kyc_messaging",
        string.Join(',', KycPersistenceMigrations.Source.Scripts.Select(s => $"{s.Version}:{s.Checksum}")) + "|effects-v1",
        async connection =>
        {
            await MigrationRunner.ApplyAsync(connection, [KycPersistenceMigrations.Source], NullLogger.Instance);
            await using var command = new NpgsqlCommand(EffectsTable, connection);
            await command.ExecuteNonQueryAsync();
        });

    /// <summary>Committed effects of <paramref name="group"/>, in the order they were written.</summary>
    public Task<IReadOnlyList<Effect>> EffectsAsync(string group) => EffectsAsync(DataSource, group);

    /// <inheritdoc cref="EffectsAsync(string)"/>
    public static async Task<IReadOnlyList<Effect>> EffectsAsync(NpgsqlDataSource dataSource, string group)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT event_id, subject, data::text, attempt FROM test_effects WHERE consumer_group = @group ORDER BY id");
        command.Parameters.AddWithValue("group", group);
        await using var reader = await command.ExecuteReaderAsync();
        var effects = new List<Effect>();
        while (await reader.ReadAsync())
            effects.Add(new Effect(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt32(3)));
        return effects;
    }

    /// <summary>Inbox rows of <paramref name="group"/>.</summary>
    public async Task<IReadOnlyList<Guid>> InboxAsync(string group)
    {
        await using var command = DataSource.CreateCommand("SELECT event_id FROM inbox WHERE consumer_group = @group");
        command.Parameters.AddWithValue("group", group);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }
}

public sealed record Effect(Guid EventId, string? Subject, string? Data, int Attempt);
