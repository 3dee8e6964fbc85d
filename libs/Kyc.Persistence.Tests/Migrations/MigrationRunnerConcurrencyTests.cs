using Kyc.Persistence.Migrations;
using Kyc.Persistence.Tests.Support;
using Kyc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Kyc.Persistence.Tests.Migrations;

public sealed class MigrationRunnerConcurrencyTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Two_runners_started_together_both_succeed_and_apply_each_script_exactly_once()
    {
        await using var schema = await ScratchSchema.CreateAsync(database);
        using var scripts = new ScriptDirectory();
        scripts.Write("V1__create_journal.sql", "CREATE TABLE journal (entry text NOT NULL);");
        scripts.Write("V2__first_entry.sql", "INSERT INTO journal VALUES ('2');");
        scripts.Write("V3__second_entry.sql", "CREATE TABLE other (id int); INSERT INTO journal VALUES ('3');");

        var runs = await Task.WhenAll(
            Task.Run(() => MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance)),
            Task.Run(() => MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance)));

        Assert.Equal([1, 2, 3], runs.SelectMany(r => r).Select(a => a.Version).Order());
        Assert.Equal(3L, await schema.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(2L, await schema.ScalarAsync<long>("SELECT count(*) FROM journal"));
    }

    [Fact]
    public async Task A_runner_waits_while_another_holds_the_migration_lock_then_finds_nothing_to_do()
    {
        await using var schema = await ScratchSchema.CreateAsync(database);
        using var scripts = new ScriptDirectory();
        scripts.Write("V1__create_a.sql", "CREATE TABLE a (id int);");
        await using var first = await schema.DataSource.OpenConnectionAsync();
        await using var second = await schema.DataSource.OpenConnectionAsync();
        await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationRunner.AdvisoryLockKey})", first))
            await hold.ExecuteNonQueryAsync();
        var waitingLog = new RecordingLogger();

        var waiting = MigrationRunner.ApplyAsync(second, [scripts.Source("svc")], waitingLog);
        Assert.Equal("advisory", await ServerSessions.WaitUntilBlockedOnLockAsync(database.DataSource, second.ProcessID));
        // Advisory locks are re-entrant per session, so the holder can migrate while it keeps the other waiting.
        var appliedByFirst = await MigrationRunner.ApplyAsync(first, [scripts.Source("svc")], NullLogger.Instance);
        Assert.False(waiting.IsCompleted);
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationRunner.AdvisoryLockKey})", first))
            await release.ExecuteNonQueryAsync();

        Assert.Equal([1], appliedByFirst.Select(a => a.Version));
        Assert.Empty(await waiting);
        Assert.Contains(waitingLog.Entries, e => e.Message.Contains("waiting for the migration lock", StringComparison.Ordinal));
    }
}
