using Kyc.Testing;
using Npgsql;
using Xunit;

namespace Kyc.Smoke.Tests;

public sealed class PostgresSmokeTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_row_written_in_the_isolated_database_reads_back()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE probe (id int PRIMARY KEY, note text NOT NULL)", connection))
            await create.ExecuteNonQueryAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO probe VALUES (1, 'Žluťoučký кот 猫')", connection))
            await insert.ExecuteNonQueryAsync();
        await using var select = new NpgsqlCommand("SELECT note, current_database(), current_setting('server_version_num')::int FROM probe", connection);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("Žluťoučký кот 猫", reader.GetString(0));
        Assert.Equal(database.Name, reader.GetString(1));
        Assert.InRange(reader.GetInt32(2), 150000, 159999);
    }
}

public sealed class TemplateDatabaseSmokeTests(TemplateDatabaseSmokeTests.SeededDatabase database) : IClassFixture<TemplateDatabaseSmokeTests.SeededDatabase>
{
    public sealed class SeededDatabase() : PostgresDatabase(Template)
    {
        private static readonly TemplateDatabase Template = new("smoke", "v1", async connection =>
        {
            await using var cmd = new NpgsqlCommand("CREATE TABLE seeded (value text); INSERT INTO seeded VALUES ('from template')", connection);
            await cmd.ExecuteNonQueryAsync();
        });
    }

    [Fact]
    public async Task A_database_copied_from_a_template_has_the_template_contents()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("SELECT value FROM seeded", connection);
        Assert.Equal("from template", await cmd.ExecuteScalarAsync());
    }
}
