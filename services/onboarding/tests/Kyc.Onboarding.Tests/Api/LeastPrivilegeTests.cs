using Kyc.Onboarding.Tests.Support;
using Kyc.Persistence.Roles;
using Kyc.Testing;
using Npgsql;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>
/// The roles the migration step leaves in each region's database (services/onboarding/sql/least-privilege-grants.sql,
/// Kyc.Persistence's OutboxRelayGrants; docs/security.md): the service's runtime role and the relay's hold no owner
/// rights and only the DML they need.
/// </summary>
public sealed class LeastPrivilegeTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    private NpgsqlDataSource As(string role) => NpgsqlDataSource.Create(StackSettings.PostgresConnectionAs(role, app.Eu.Name));

    [Theory]
    [InlineData(OnboardingApiFactory.RuntimeRole)]
    [InlineData(OnboardingApiFactory.RelayRole)]
    public async Task The_runtime_roles_hold_no_owner_rights(string role)
    {
        await using var dataSource = As(role);

        var (name, rights) = await RuntimeRoleCheck.InspectAsync(dataSource);

        Assert.Equal(role, name);
        Assert.Empty(rights);
    }

    [Theory]
    [InlineData(OnboardingApiFactory.RuntimeRole, "DELETE FROM cases")]
    [InlineData(OnboardingApiFactory.RuntimeRole, "TRUNCATE cases")]
    [InlineData(OnboardingApiFactory.RuntimeRole, "ALTER TABLE cases ADD COLUMN note text")]
    [InlineData(OnboardingApiFactory.RuntimeRole, "CREATE TABLE shadow_cases (id int)")]
    [InlineData(OnboardingApiFactory.RuntimeRole, "SELECT count(*) FROM outbox")]
    [InlineData(OnboardingApiFactory.RuntimeRole, "UPDATE outbox SET published_at = now()")]
    [InlineData(OnboardingApiFactory.RuntimeRole, "DELETE FROM outbox")]
    [InlineData(OnboardingApiFactory.RuntimeRole, "TRUNCATE idempotency_keys")]
    [InlineData(OnboardingApiFactory.RelayRole, "SELECT count(*) FROM cases")]
    [InlineData(OnboardingApiFactory.RelayRole, "INSERT INTO outbox (id, topic, event_type, source, subject, partner_id, occurred_at, data) VALUES (gen_random_uuid(), 'kyc.onboarding.events', 't', '/onboarding', 's', 'p', now(), '{}')")]
    [InlineData(OnboardingApiFactory.RelayRole, "UPDATE outbox SET data = '{}'")]
    [InlineData(OnboardingApiFactory.RelayRole, "TRUNCATE outbox")]
    [InlineData(OnboardingApiFactory.RelayRole, "SELECT count(*) FROM idempotency_keys")]
    public async Task A_runtime_role_is_refused_what_it_does_not_need(string role, string sql)
    {
        await using var dataSource = As(role);
        await using var command = dataSource.CreateCommand(sql);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }
}
