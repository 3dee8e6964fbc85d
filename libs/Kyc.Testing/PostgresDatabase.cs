using Npgsql;
using Xunit;

namespace Kyc.Testing;

/// <summary>
/// A database of its own for one test class (use as an xunit class fixture), created on the real PostgreSQL
/// server of the test stack, optionally as a copy of a <see cref="TemplateDatabase"/> (which is much faster than
/// running migrations per class), and dropped afterwards.
/// </summary>
public class PostgresDatabase : IAsyncLifetime
{
    private readonly TemplateDatabase? _template;

    public PostgresDatabase() : this(null) { }

    protected PostgresDatabase(TemplateDatabase? template)
    {
        _template = template;
        Name = UniqueNames.Database(template?.Name ?? "db");
        ConnectionString = new NpgsqlConnectionStringBuilder(StackSettings.PostgresConnection) { Database = Name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var templateClause = "";
        if (_template is not null)
        {
            await _template.EnsureAsync();
            templateClause = $" TEMPLATE \"{_template.Name}\"";
        }
        await Admin.ExecuteAsync($"CREATE DATABASE \"{Name}\"{templateClause}");
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>
    /// As in an outage of this database (and back): new connections are refused with SQLSTATE 55000 and open ones are
    /// ended (57P01), which Npgsql reports as transient.
    /// </summary>
    public async Task SetAvailableAsync(bool available)
    {
        await Admin.ExecuteAsync($"ALTER DATABASE \"{Name}\" ALLOW_CONNECTIONS {(available ? "true" : "false")}");
        if (!available) await Admin.ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}'");
    }

    public async Task DisposeAsync()
    {
        if (DataSource is not null) await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await Admin.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}
