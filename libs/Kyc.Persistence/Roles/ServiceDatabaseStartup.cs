using Kyc.Persistence.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Persistence.Roles;

/// <summary>
/// How a service's database is brought up (docs/security.md, "Database roles"):
/// <list type="bullet">
/// <item>the migration step (<see cref="MigrateAsync"/>; a service's <c>migrate</c> command) applies the migrations as the
/// owner, then grants the runtime role its DML and the relay role its outbox rights;</item>
/// <item>a serving process (<see cref="PrepareAsync"/>) does the same first when it was given the owner's connection;
/// otherwise it refuses to start while a migration is pending (Development: it migrates with its own connection), and
/// refuses a runtime role with owner rights outside Development (<see cref="RuntimeRoleCheck"/>).</item>
/// </list>
/// </summary>
public static class ServiceDatabaseStartup
{
    public static async Task<IReadOnlyList<AppliedMigration>> MigrateAsync(ServiceDatabase database, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var owner = database.OwnerConnectionString
            ?? throw new InvalidOperationException($"Set {database.OwnerSetting}: the migration step runs as the database's owner.");
        var ownerRole = new NpgsqlConnectionStringBuilder(owner).Username;
        await using var dataSource = NpgsqlDataSource.Create(owner);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var applied = await MigrationRunner.ApplyAsync(connection, database.Sources, logger, ct);
        // A development setup with one role for everything: an owner never revokes its own rights.
        if (database.RuntimeRole is { Length: > 0 } runtime && runtime != ownerRole)
            await RoleGrants.ApplyAsync(connection, database.RuntimeGrants, runtime, ct);
        if (database.OutboxRelayRole is { Length: > 0 } relay && relay != ownerRole)
            await RoleGrants.ApplyAsync(connection, OutboxRelayGrants.Script, relay, ct);
        return applied;
    }

    /// <summary>Before a process serves: migrations (or the check that none is pending), then the runtime role check.</summary>
    /// <param name="runtime">The pool of the runtime connection, as the service will use it.</param>
    public static async Task<IReadOnlyList<AppliedMigration>> PrepareAsync(
        ServiceDatabase database, NpgsqlDataSource runtime, bool development, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        IReadOnlyList<AppliedMigration> applied = [];
        if (database.OwnerConnectionString is not null)
        {
            applied = await MigrateAsync(database, logger, ct);
        }
        else if (await MigrationRunner.PendingAsync(runtime, database.Sources, logger, ct) is { Count: > 0 } pending)
        {
            if (development)
            {
                // One role for everything is allowed in Development: it migrates with its own connection.
                applied = await MigrationRunner.ApplyAsync(runtime, database.Sources, logger, ct);
            }
            else
            {
                throw new InvalidOperationException(
                    $"{pending.Count} migration(s) pending ({string.Join(", ", pending)}) for {database.Setting}: run the service's " +
                    $"migration step first (`dotnet <service>.dll migrate` with {database.OwnerSetting}; docs/security.md).");
            }
        }
        await RuntimeRoleCheck.EnsureAsync(runtime, database.Setting, development, logger, database.OwnerSetting, ct);
        return applied;
    }
}
