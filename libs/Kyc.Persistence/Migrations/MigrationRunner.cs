using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Persistence.Migrations;

/// <summary>
/// Applies versioned SQL scripts to a PostgreSQL database and records them in <c>schema_migrations</c>.
/// Stands in for DbUp/Evolve, which this machine's package registry does not serve.
/// </summary>
/// <remarks>
/// Runs under a session-level advisory lock, so instances starting at once apply each script exactly once.
/// Every pending script runs in its own transaction together with its history row; scripts therefore must not
/// contain statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM) or their own
/// BEGIN/COMMIT. Unqualified names land in the first schema of the connection's search_path.
/// </remarks>
public static class MigrationRunner
{
    /// <summary>The <c>pg_advisory_lock</c> key held while migrating (derived from "kyc-migrations").</summary>
    public static long AdvisoryLockKey => MigrationLock.Key;

    /// <summary>Applies what is pending; sources apply in the order given (libraries before the service).</summary>
    public static async Task<IReadOnlyList<AppliedMigration>> ApplyAsync(
        NpgsqlDataSource dataSource, IEnumerable<MigrationSource> sources, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ApplyAsync(connection, sources, logger, cancellationToken);
    }

    /// <summary>As the data-source overload, on an open connection the caller owns (no transaction may be active).</summary>
    public static async Task<IReadOnlyList<AppliedMigration>> ApplyAsync(
        NpgsqlConnection connection, IEnumerable<MigrationSource> sources, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(logger);
        var ordered = sources.ToArray();
        var duplicateName = ordered.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicateName is not null)
            throw new ArgumentException($"Migration source '{duplicateName.Key}' is given more than once.", nameof(sources));

        await MigrationLock.AcquireAsync(connection, () => MigrationLog.WaitingForLock(logger), cancellationToken);
        try
        {
            await MigrationHistory.EnsureTableAsync(connection, cancellationToken);
            var history = await MigrationHistory.ReadAsync(connection, cancellationToken);
            var pending = MigrationPlan.Pending(ordered, history, logger);

            var applied = new List<AppliedMigration>(pending.Count);
            foreach (var migration in pending)
                applied.Add(await ApplyOneAsync(connection, migration, logger, cancellationToken));
            if (applied.Count == 0) MigrationLog.UpToDate(logger);
            return applied;
        }
        finally
        {
            await MigrationLock.ReleaseAsync(connection);
        }
    }

    /// <summary>
    /// What <see cref="ApplyAsync(NpgsqlDataSource, IEnumerable{MigrationSource}, ILogger, CancellationToken)"/> would apply,
    /// without the lock and without creating anything: what a service running under a role that may not change the schema
    /// checks at start-up (it needs only SELECT on <c>schema_migrations</c>). Edited or out-of-order scripts throw as there.
    /// </summary>
    /// <returns>The pending scripts as <c>source V0001</c> names, in the order they would apply.</returns>
    public static async Task<IReadOnlyList<string>> PendingAsync(
        NpgsqlDataSource dataSource, IEnumerable<MigrationSource> sources, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var ordered = sources.ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var history = await MigrationHistory.ExistsAsync(connection, cancellationToken)
            ? await MigrationHistory.ReadAsync(connection, cancellationToken)
            : [];
        return MigrationPlan.Pending(ordered, history, logger).Select(p => $"{p.Source} V{p.Script.Version:D4}").ToArray();
    }

    private static async Task<AppliedMigration> ApplyOneAsync(
        NpgsqlConnection connection, PendingMigration migration, ILogger logger, CancellationToken cancellationToken)
    {
        var (source, script) = migration;
        var started = Stopwatch.GetTimestamp();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // No command timeout: a migration may legitimately run long (index builds); cancellation still stops it.
            await using (var command = new NpgsqlCommand(script.Sql, connection, transaction) { CommandTimeout = 0 })
                await command.ExecuteNonQueryAsync(cancellationToken);
            var duration = Stopwatch.GetElapsedTime(started);
            await MigrationHistory.RecordAsync(connection, transaction, source, script, duration, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            MigrationLog.Applied(logger, source, script.Version, script.Description, script.Origin, (long)duration.TotalMilliseconds);
            return new AppliedMigration(source, script.Version, script.Description, script.Origin, script.Checksum, duration);
        }
        catch (PostgresException error)
        {
            throw new MigrationFailedException(source, script.Version, script.Origin, error);
        }
    }
}
