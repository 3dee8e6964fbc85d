using Kyc.Audit.Application.Verification;
using Kyc.Audit.Infrastructure.Persistence;
using Kyc.Audit.Tests.Support;
using Kyc.Persistence.Roles;
using Npgsql;
using Xunit;

namespace Kyc.Audit.Tests.Persistence;

/// <summary>
/// The production privileges (services/audit/sql/least-privilege-grants.sql): the service's role appends and reads,
/// and cannot UPDATE, DELETE or TRUNCATE the log even when the append-only triggers are disabled.
/// </summary>
public sealed class LeastPrivilegeTests : IAsyncLifetime
{
    private readonly AuditDatabase _db = new();
    private readonly string _role = "audit_app_" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _password = Guid.NewGuid().ToString("N");
    private NpgsqlDataSource _app = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await _db.ExecuteAsync($"CREATE ROLE {_role} LOGIN PASSWORD '{_password}'");
        await _db.ExecuteAsync(RoleGrants.Render(await File.ReadAllTextAsync(Repo.GrantsScript), _role));
        _app = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Username = _role, Password = _password }.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Kyc.Testing.StackSettings.PostgresConnection) { Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {_role}", admin);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task The_service_role_appends_reads_and_verifies()
    {
        var appender = new PostgresAuditAppender();
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await _app.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await appender.AppendAsync(connection, transaction, Entries.CaseCreated(offset: i), CancellationToken.None);
            await transaction.CommitAsync();
        }

        var result = await new VerifyChainHandler(new PostgresAuditLog(_app), TimeProvider.System).HandleAsync(new VerifyChainCommand(null, null), CancellationToken.None);

        Assert.True(result.Verified, result.Reason);
        Assert.Equal(3, result.VerifiedRows);
    }

    [Fact]
    public async Task The_service_role_holds_no_owner_rights()
    {
        var (role, rights) = await RuntimeRoleCheck.InspectAsync(_app);

        Assert.Equal(_role, role);
        Assert.Empty(rights);
    }

    [Theory]
    [InlineData("TRUNCATE audit_log")]
    [InlineData("TRUNCATE audit_topic_stats")]
    [InlineData("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")]
    [InlineData("ALTER TABLE audit_log DISABLE TRIGGER USER")]
    [InlineData("DROP TRIGGER audit_log_no_truncate ON audit_log")]
    [InlineData("ALTER TABLE audit_log ADD COLUMN note text")]
    [InlineData("DROP TABLE audit_log")]
    [InlineData("CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$")]
    [InlineData("CREATE TABLE shadow_log (id int)")]
    public async Task The_service_role_cannot_truncate_alter_or_disable_the_triggers_of_the_log(string sql)
    {
        await _db.AppendAsync(Entries.CaseCreated());

        await using var cmd = _app.CreateCommand(sql);
        var error = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Equal(1, await _db.ScalarAsync("SELECT count(*) FROM audit_log"));
        Assert.Equal(2, await _db.ScalarAsync("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND tgname IN ('audit_log_append_only', 'audit_log_no_truncate') AND tgenabled = 'O'"));
    }

    [Theory]
    [InlineData("UPDATE audit_log SET partner_id = 'x'")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("TRUNCATE audit_log")]
    public async Task Without_the_triggers_the_service_role_still_cannot_change_the_log(string sql)
    {
        await _db.AppendAsync(Entries.CaseCreated());
        await _db.ExecuteAsync("ALTER TABLE audit_log DISABLE TRIGGER USER");

        await using var cmd = _app.CreateCommand(sql);
        var error = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.StartsWith("permission denied", error.MessageText, StringComparison.Ordinal);
    }
}
