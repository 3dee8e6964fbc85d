using Kyc.Persistence.Migrations;
using Kyc.Persistence.Roles;
using Kyc.Persistence.Tests.Support;
using Kyc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Kyc.Persistence.Tests.Roles;

/// <summary>
/// The two roles of a service's database (docs/security.md): the owner migrates and grants, the runtime role holds only
/// its DML, and a serving process refuses owner rights outside Development. The owner here is the stack's kyc role (which
/// creates the test databases); the runtime role is one of the test's own.
/// </summary>
public sealed class RuntimeRoleTests : IAsyncLifetime
{
    private const string Grants = """
        REVOKE ALL ON idempotency_keys, schema_migrations FROM :app_role;
        GRANT SELECT, INSERT ON idempotency_keys TO :app_role;
        GRANT SELECT ON schema_migrations TO :app_role;
        """;

    private readonly PersistenceDatabase _db = new();
    private readonly string _role = "kyc_test_runtime_" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _password = Guid.NewGuid().ToString("N");
    private NpgsqlDataSource _runtime = null!;

    private string RuntimeConnectionString =>
        new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Username = _role, Password = _password }.ConnectionString;

    private ServiceDatabase Database(string? owner) =>
        new("Test:Database:ConnectionString", RuntimeConnectionString, owner, [KycPersistenceMigrations.Source], Grants);

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await ExecuteAsync(_db.DataSource, $"CREATE ROLE {_role} LOGIN PASSWORD '{_password}'");
        _runtime = NpgsqlDataSource.Create(RuntimeConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _db.DisposeAsync(); // the role's privileges go with the database; then the role can be dropped
        await using var admin = NpgsqlDataSource.Create(StackSettings.PostgresConnection);
        await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {_role}");
    }

    [Fact]
    public async Task The_owner_holds_owner_rights_and_the_migration_step_leaves_the_runtime_role_only_its_grants()
    {
        await ServiceDatabaseStartup.MigrateAsync(Database(_db.ConnectionString), NullLogger.Instance);

        var (ownerRole, ownerRights) = await RuntimeRoleCheck.InspectAsync(_db.DataSource);
        var (runtimeRole, runtimeRights) = await RuntimeRoleCheck.InspectAsync(_runtime);

        Assert.Equal("kyc", ownerRole);
        Assert.Contains("has CREATEROLE", ownerRights);
        Assert.Contains("owns the database", ownerRights);
        Assert.Contains(ownerRights, r => r.StartsWith("owns ", StringComparison.Ordinal) && r.EndsWith("table(s), view(s) or sequence(s)", StringComparison.Ordinal));
        Assert.Equal(_role, runtimeRole);
        Assert.Empty(runtimeRights);
        Assert.Equal(0, await ScalarAsync(_runtime, "SELECT count(*) FROM idempotency_keys"));
        var denied = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(_runtime, "DELETE FROM idempotency_keys"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Fact]
    public async Task Outside_Development_a_serving_process_refuses_a_runtime_connection_with_owner_rights()
    {
        var asOwner = new ServiceDatabase("Test:Database:ConnectionString", _db.ConnectionString, null, [KycPersistenceMigrations.Source], Grants);

        var refused = await Assert.ThrowsAsync<OwnerRightsAtRuntimeException>(() =>
            ServiceDatabaseStartup.PrepareAsync(asOwner, _db.DataSource, development: false, NullLogger.Instance));

        Assert.Contains("'kyc' of Test:Database:ConnectionString", refused.Message, StringComparison.Ordinal);
        Assert.Contains("owns the database", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Test:Database:MigrationsConnectionString", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Development_owner_rights_are_accepted_with_a_warning()
    {
        var asOwner = new ServiceDatabase("Test:Database:ConnectionString", _db.ConnectionString, null, [KycPersistenceMigrations.Source], Grants);
        var logs = new CapturedLogs();

        await ServiceDatabaseStartup.PrepareAsync(asOwner, _db.DataSource, development: true, logs.CreateLogger("test"));

        Assert.Contains(logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("Accepted in Development only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_the_owner_connection_a_serving_process_migrates_grants_and_then_runs_as_its_runtime_role()
    {
        await ServiceDatabaseStartup.PrepareAsync(Database(_db.ConnectionString), _runtime, development: false, NullLogger.Instance);

        Assert.Empty((await RuntimeRoleCheck.InspectAsync(_runtime)).OwnerRights);
    }

    [Fact]
    public async Task Without_the_owner_connection_an_up_to_date_database_is_served_by_the_runtime_role_in_any_environment()
    {
        await ServiceDatabaseStartup.MigrateAsync(Database(_db.ConnectionString), NullLogger.Instance);

        Assert.Empty(await ServiceDatabaseStartup.PrepareAsync(Database(null), _runtime, development: true, NullLogger.Instance));
        Assert.Empty(await ServiceDatabaseStartup.PrepareAsync(Database(null), _runtime, development: false, NullLogger.Instance));
    }

    [Fact]
    public async Task Without_the_owner_connection_a_pending_migration_refuses_the_start()
    {
        await ServiceDatabaseStartup.MigrateAsync(Database(_db.ConnectionString), NullLogger.Instance);
        using var scripts = new ScriptDirectory();
        scripts.Write("V1__new_table.sql", "CREATE TABLE later (id int)");
        var withPending = Database(null) with { Sources = [KycPersistenceMigrations.Source, scripts.Source("svc")] };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServiceDatabaseStartup.PrepareAsync(withPending, _runtime, development: false, NullLogger.Instance));

        Assert.Contains("1 migration(s) pending (svc V0001)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("migrate", refused.Message, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
