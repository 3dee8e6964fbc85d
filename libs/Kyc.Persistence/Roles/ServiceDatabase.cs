using Kyc.Persistence.Migrations;
using Npgsql;

namespace Kyc.Persistence.Roles;

/// <summary>
/// One database of a service and its two roles (docs/security.md, "Database roles"): the runtime role of
/// <see cref="ConnectionString"/>, with only the DML in <see cref="RuntimeGrants"/>, and the owner of
/// <see cref="OwnerConnectionString"/>, used only by the migration step.
/// </summary>
/// <param name="Setting">The configuration key of the runtime connection (named in errors), e.g. <c>Audit:Database:ConnectionString</c>.</param>
/// <param name="ConnectionString">The runtime role's connection.</param>
/// <param name="OwnerConnectionString">The owner's connection (<c>...:MigrationsConnectionString</c>), or null when not given to this process.</param>
/// <param name="Sources">The migrations, in the order they apply.</param>
/// <param name="RuntimeGrants">The grants script for the runtime role (<see cref="RoleGrants"/>).</param>
/// <param name="OutboxRelayRole">The outbox relay's role, granted <see cref="OutboxRelayGrants"/>, when the database has an outbox the relay reads.</param>
public sealed record ServiceDatabase(
    string Setting,
    string ConnectionString,
    string? OwnerConnectionString,
    IReadOnlyList<MigrationSource> Sources,
    string RuntimeGrants,
    string? OutboxRelayRole = null)
{
    /// <summary>The configuration key of the owner's connection next to <see cref="Setting"/>.</summary>
    public string OwnerSetting => Setting.EndsWith(":ConnectionString", StringComparison.Ordinal)
        ? Setting[..^"ConnectionString".Length] + "MigrationsConnectionString"
        : Setting + " (owner)";

    public string RuntimeRole => new NpgsqlConnectionStringBuilder(ConnectionString).Username ?? "";
}
