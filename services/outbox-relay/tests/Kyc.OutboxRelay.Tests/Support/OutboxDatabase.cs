using System.Security.Cryptography;
using System.Text;
using Kyc.Persistence.Migrations;
using Kyc.Persistence.Outbox;
using Kyc.Persistence.Roles;
using Kyc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Kyc.OutboxRelay.Tests.Support;

/// <summary>
/// A database of its own with the outbox table (a copy of a template migrated with Kyc.Persistence's scripts). One per
/// test: a relay publishes every row of its source, so tests never share a source.
/// </summary>
public sealed class OutboxDatabase() : PostgresDatabase(Template)
{
    /// <summary>The stack's runtime role of the relay, granted what a service's migration step grants it (docs/security.md).</summary>
    public const string RelayRole = "kyc_relay";

    private static readonly TemplateDatabase Template = new(
        "kyc_outbox_relay",
        string.Join(',', KycPersistenceMigrations.Source.Scripts.Select(s => $"{s.Version}:{s.Checksum}")) + ",grants:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OutboxRelayGrants.Script))),
        async connection =>
        {
            await MigrationRunner.ApplyAsync(connection, [KycPersistenceMigrations.Source], NullLogger.Instance);
            await RoleGrants.ApplyAsync(connection, OutboxRelayGrants.Script, RelayRole);
        });

    /// <summary>This database as the relay's own role (which may only read, mark and prune the outbox).</summary>
    public string RelayConnectionString => StackSettings.PostgresConnectionAs(RelayRole, Name);

    /// <summary>Inserts the messages in one transaction, as a command handler does (then announces them, as writers do).</summary>
    public async Task InsertAsync(params OutboxMessage[] messages)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await OutboxWriter.AppendAsync(connection, transaction, messages);
        await transaction.CommitAsync();
        await OutboxNotifier.NotifyCommittedAsync(connection);
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }

    public Task<long> PublishedCountAsync() => ScalarAsync<long>("SELECT count(*) FROM outbox WHERE published_at IS NOT NULL");

    public Task<long> UnpublishedCountAsync() => ScalarAsync<long>("SELECT count(*) FROM outbox WHERE published_at IS NULL");

    public Task<long> CountAsync() => ScalarAsync<long>("SELECT count(*) FROM outbox");

    /// <summary>Waits until no row is unpublished (and at least <paramref name="expected"/> rows exist).</summary>
    public Task AllPublishedAsync(long expected, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(async () => await CountAsync() >= expected && await UnpublishedCountAsync() == 0,
            timeout ?? TimeSpan.FromSeconds(60), $"all {expected} outbox rows published");

    public NpgsqlConnectionStringBuilder Builder() => new(ConnectionString);
}
