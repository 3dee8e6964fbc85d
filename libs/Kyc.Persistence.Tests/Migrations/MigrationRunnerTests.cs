using System.Security.Cryptography;
using System.Text;
using Kyc.Persistence.Migrations;
using Kyc.Persistence.Tests.Support;
using Kyc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Kyc.Persistence.Tests.Migrations;

public sealed class MigrationRunnerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Sources_apply_in_the_order_given_and_scripts_by_version_with_their_checksums_recorded()
    {
        await using var schema = await ScratchSchema.CreateAsync(database);
        using var library = new ScriptDirectory();
        using var service = new ScriptDirectory();
        library.Write("V1__create_journal.sql", "CREATE TABLE journal (n bigserial PRIMARY KEY, entry text NOT NULL); INSERT INTO journal (entry) VALUES ('lib 1');");
        service.Write("V10__ten.sql", "INSERT INTO journal (entry) VALUES ('svc 10');");
        service.Write("V2__two.sql", "INSERT INTO journal (entry) VALUES ('svc 2');");
        var serviceFirst = "CREATE FUNCTION twice(i int) RETURNS int LANGUAGE plpgsql AS $$\r\nBEGIN\r\n    RETURN i * 2;\r\nEND;\r\n$$;\r\n" +
                           "INSERT INTO journal (entry) VALUES ('svc ' || (twice(1) - 1));\r\n";
        service.Write("V1__create_function.sql", serviceFirst);

        var applied = await MigrationRunner.ApplyAsync(schema.DataSource, [library.Source("lib"), service.Source("svc")], NullLogger.Instance);

        Assert.Equal(["lib 1", "svc 1", "svc 2", "svc 10"], applied.Select(a => $"{a.Source} {a.Version}"));
        Assert.Equal(["lib 1", "svc 1", "svc 2", "svc 10"], await ReadJournalAsync(schema));
        var history = await ReadHistoryAsync(schema);
        Assert.Equal(["lib 1", "svc 1", "svc 2", "svc 10"], history.Select(h => $"{h.Source} {h.Version}"));
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(serviceFirst.Replace("\r\n", "\n", StringComparison.Ordinal))));
        Assert.Equal(expected, history.Single(h => h is { Source: "svc", Version: 1 }).Checksum);
        Assert.Equal("create function", history.Single(h => h is { Source: "svc", Version: 1 }).Description);
        Assert.All(history, h => Assert.True(h.ExecutionMs >= 0));
    }

    [Fact]
    public async Task A_second_run_applies_nothing()
    {
        await using var schema = await ScratchSchema.CreateAsync(database);
        using var scripts = new ScriptDirectory();
        scripts.Write("V1__create_journal.sql", "CREATE TABLE journal (n bigserial PRIMARY KEY, entry text NOT NULL);");
        scripts.Write("V2__insert.sql", "INSERT INTO journal (entry) VALUES ('once');");
        await MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance);

        var second = await MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance);

        Assert.Empty(second);
        Assert.Equal(["once"], await ReadJournalAsync(schema));
    }

    [Fact]
    public async Task Changing_only_line_endings_of_an_applied_script_is_not_a_change()
    {
        await using var schema = await ScratchSchema.CreateAsync(database);
        using var scripts = new ScriptDirectory();
        scripts.Write("V1__create.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
        await MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance);
        scripts.Write("V1__create.sql", "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n");

        Assert.Empty(await MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance));
    }

    [Fact]
    public async Task A_changed_applied_script_is_refused_before_anything_else_is_applied()
    {
        await using var schema = await ScratchSchema.CreateAsync(database);
        using var scripts = new ScriptDirectory();
        var first = scripts.Write("V1__create_a.sql", "CREATE TABLE a (id int);");
        await MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance);
        scripts.Write("V1__create_a.sql", "CREATE TABLE a (id bigint);");
        scripts.Write("V2__create_b.sql", "CREATE TABLE b (id int);");

        var error = await Assert.ThrowsAsync<MigrationChecksumMismatchException>(() =>
            MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance));

        Assert.Equal(("svc", 1, first), (error.SourceName, error.Version, error.Origin));
        Assert.Contains(first, error.Message, StringComparison.Ordinal);
        Assert.False(await schema.TableExistsAsync("b"));
        Assert.Equal(["svc 1"], (await ReadHistoryAsync(schema)).Select(h => $"{h.Source} {h.Version}"));
    }

    [Fact]
    public async Task A_script_below_the_highest_applied_version_of_its_source_is_refused()
    {
        await using var schema = await ScratchSchema.CreateAsync(database);
        using var scripts = new ScriptDirectory();
        scripts.Write("V1__create_a.sql", "CREATE TABLE a (id int);");
        scripts.Write("V3__create_c.sql", "CREATE TABLE c (id int);");
        await MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance);
        var late = scripts.Write("V2__create_b.sql", "CREATE TABLE b (id int);");
        scripts.Write("V4__create_d.sql", "CREATE TABLE d (id int);");

        var error = await Assert.ThrowsAsync<MigrationOutOfOrderException>(() =>
            MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance));

        Assert.Equal(("svc", 2, late, 3), (error.SourceName, error.Version, error.Origin, error.HighestApplied));
        Assert.False(await schema.TableExistsAsync("b"));
        Assert.False(await schema.TableExistsAsync("d"));
    }

    [Fact]
    public async Task A_failing_script_rolls_back_its_changes_and_history_row_and_stops_the_run()
    {
        await using var schema = await ScratchSchema.CreateAsync(database);
        using var scripts = new ScriptDirectory();
        scripts.Write("V1__create_a.sql", "CREATE TABLE a (id int);");
        var failing = scripts.Write("V2__create_b_then_fail.sql", "CREATE TABLE b (id int);\nINSERT INTO a VALUES (1);\nSELECT 1 / 0;");
        scripts.Write("V3__create_c.sql", "CREATE TABLE c (id int);");

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() =>
            MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance));

        Assert.Equal(("svc", 2, failing), (error.SourceName, error.Version, error.Origin));
        Assert.Equal(PostgresErrorCodes.DivisionByZero, Assert.IsType<PostgresException>(error.InnerException).SqlState);
        Assert.Equal(["svc 1"], (await ReadHistoryAsync(schema)).Select(h => $"{h.Source} {h.Version}"));
        Assert.False(await schema.TableExistsAsync("b"));
        Assert.False(await schema.TableExistsAsync("c"));
        Assert.Equal(0L, await schema.ScalarAsync<long>("SELECT count(*) FROM a"));

        scripts.Write("V2__create_b_then_fail.sql", "CREATE TABLE b (id int);");
        var retried = await MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc")], NullLogger.Instance);
        Assert.Equal([2, 3], retried.Select(a => a.Version));
    }

    [Fact]
    public async Task Each_applied_script_is_logged_with_its_source_and_version()
    {
        await using var schema = await ScratchSchema.CreateAsync(database);
        using var scripts = new ScriptDirectory();
        scripts.Write("V1__create_cases.sql", "CREATE TABLE cases (id uuid);");
        scripts.Write("V2__create_parties.sql", "CREATE TABLE parties (id uuid);");
        var logger = new RecordingLogger();

        await MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("onboarding")], logger);

        var applied = logger.Entries.Where(e => e.Level == LogLevel.Information && e.Message.StartsWith("Applied migration", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, applied.Length);
        Assert.StartsWith("Applied migration onboarding V1 (create cases)", applied[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("Applied migration onboarding V2 (create parties)", applied[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_source_given_twice_is_refused()
    {
        await using var schema = await ScratchSchema.CreateAsync(database);
        using var scripts = new ScriptDirectory();
        scripts.Write("V1__create_a.sql", "CREATE TABLE a (id int);");

        await Assert.ThrowsAsync<ArgumentException>(() =>
            MigrationRunner.ApplyAsync(schema.DataSource, [scripts.Source("svc"), scripts.Source("svc")], NullLogger.Instance));
        Assert.False(await schema.TableExistsAsync("a"));
    }

    private static async Task<List<string>> ReadJournalAsync(ScratchSchema schema)
    {
        await using var command = schema.DataSource.CreateCommand("SELECT entry FROM journal ORDER BY n");
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<string>();
        while (await reader.ReadAsync()) entries.Add(reader.GetString(0));
        return entries;
    }

    private static async Task<List<HistoryRow>> ReadHistoryAsync(ScratchSchema schema)
    {
        await using var command = schema.DataSource.CreateCommand(
            "SELECT source, version, description, checksum, execution_ms FROM schema_migrations ORDER BY source, version");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<HistoryRow>();
        while (await reader.ReadAsync())
            rows.Add(new HistoryRow(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        return rows;
    }

    private sealed record HistoryRow(string Source, int Version, string Description, string Checksum, int ExecutionMs);
}
