using Kyc.Testing;
using Npgsql;

namespace Kyc.Persistence.Tests.Support;

/// <summary>
/// An empty schema of its own for one test, reached through a data source whose search_path starts there, so
/// migrations and schema_migrations of different tests in one database never meet.
/// </summary>
internal sealed class ScratchSchema : IAsyncDisposable
{
    private ScratchSchema(string name, NpgsqlDataSource dataSource)
    {
        Name = name;
        DataSource = dataSource;
    }

    public string Name { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<ScratchSchema> CreateAsync(PostgresDatabase database)
    {
        var name = UniqueNames.Database("schema");
        await using (var create = database.DataSource.CreateCommand($"CREATE SCHEMA \"{name}\""))
            await create.ExecuteNonQueryAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = name }.ConnectionString;
        return new ScratchSchema(name, NpgsqlDataSource.Create(connectionString));
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async Task<bool> TableExistsAsync(string table) =>
        await ScalarAsync<bool>($"SELECT to_regclass('\"{Name}\".{table}') IS NOT NULL");

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
