using System.Collections.Concurrent;
using Npgsql;

namespace Kyc.Testing;

/// <summary>
/// A database prepared once (for example by running a service's migrations) and then copied by
/// <c>CREATE DATABASE ... TEMPLATE</c> for every test class. The template is rebuilt when its fingerprint
/// (for example a hash of the migration files) changes. Safe across test assemblies running at once:
/// preparation is serialised by a PostgreSQL advisory lock.
/// </summary>
public sealed class TemplateDatabase(string name, string fingerprint, Func<NpgsqlConnection, Task> prepare)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task>> Prepared = new();

    public string Name { get; } = $"tpl_{name}";

    public Task EnsureAsync() =>
        Prepared.GetOrAdd(Name, _ => new Lazy<Task>(PrepareOnceAsync)).Value;

    private async Task PrepareOnceAsync()
    {
        await using var admin = await Admin.OpenAsync();
        await using (var cmd = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('kyc-template:' || @name))", admin))
        {
            cmd.Parameters.AddWithValue("name", Name);
            await cmd.ExecuteNonQueryAsync();
        }

        await using (var cmd = new NpgsqlCommand(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @name", admin))
        {
            cmd.Parameters.AddWithValue("name", Name);
            if (await cmd.ExecuteScalarAsync() as string == fingerprint) return;
        }

        await Admin.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        await Admin.ExecuteAsync(admin, $"CREATE DATABASE \"{Name}\"");
        var builder = new NpgsqlConnectionStringBuilder(StackSettings.PostgresConnection) { Database = Name, Pooling = false };
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await prepare(connection);
        }
        await Admin.ExecuteAsync(admin, $"COMMENT ON DATABASE \"{Name}\" IS '{fingerprint.Replace("'", "''", StringComparison.Ordinal)}'");
        // The advisory lock ends with the admin session.
    }
}
