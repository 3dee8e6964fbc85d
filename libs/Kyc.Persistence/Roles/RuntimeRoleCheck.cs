using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Persistence.Roles;

/// <summary>
/// The start-up check that a running service holds no owner rights in its database (docs/security.md, "Database roles"):
/// not a superuser, no CREATEROLE (which could grant itself the owner role), no CREATEDB or BYPASSRLS, not the database's
/// owner nor a member of it, owner of no table, view or sequence, and no CREATE on the database or on any schema. Outside
/// Development a role with any of these refuses to run; in Development (one role for everything) it is a warning.
/// </summary>
public static partial class RuntimeRoleCheck
{
    private const string Sql = """
        SELECT r.rolname,
               r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
               pg_has_role(current_user, d.datdba, 'MEMBER') AS owns_database,
               has_database_privilege(current_database(), 'CREATE') AS creates_schemas,
               (SELECT string_agg(n.nspname, ', ' ORDER BY n.nspname) FROM pg_namespace n
                 WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                   AND has_schema_privilege(n.oid, 'CREATE')) AS creates_in,
               (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                   AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned_relations
        FROM pg_roles r, pg_database d
        WHERE r.rolname = current_user AND d.datname = current_database()
        """;

    /// <summary>The role's name and every owner right it holds in the database of <paramref name="dataSource"/> (none: least privilege).</summary>
    public static async Task<(string Role, IReadOnlyList<string> OwnerRights)> InspectAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(Sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("the connection's role or database was not found in the catalog");
        var rights = new List<string>();
        if (reader.GetBoolean(1)) rights.Add("is a superuser");
        if (reader.GetBoolean(2)) rights.Add("has CREATEROLE");
        if (reader.GetBoolean(3)) rights.Add("has CREATEDB");
        if (reader.GetBoolean(4)) rights.Add("has BYPASSRLS");
        if (reader.GetBoolean(5)) rights.Add("owns the database");
        if (reader.GetBoolean(6)) rights.Add("may create schemas in the database");
        if (!reader.IsDBNull(7)) rights.Add($"may create objects in schema {reader.GetString(7)}");
        if (reader.GetInt64(8) is var owned and > 0) rights.Add($"owns {owned} table(s), view(s) or sequence(s)");
        return (reader.GetString(0), rights);
    }

    /// <summary>
    /// Refuses (<see cref="OwnerRightsAtRuntimeException"/>) a runtime role with owner rights unless <paramref name="development"/>,
    /// where it only logs a warning. <paramref name="setting"/> names the configuration key of the runtime connection,
    /// <paramref name="ownerSetting"/> the one of the owner's connection, when the service has a migration step.
    /// </summary>
    public static async Task EnsureAsync(
        NpgsqlDataSource dataSource, string setting, bool development, ILogger logger, string? ownerSetting = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var (role, rights) = await InspectAsync(dataSource, ct);
        if (rights.Count == 0)
        {
            LogLeastPrivilege(logger, role, setting);
            return;
        }
        var problem = $"The database role '{role}' of {setting} {string.Join("; ", rights)}.";
        if (!development) throw new OwnerRightsAtRuntimeException(problem, ownerSetting);
        LogOwnerRightsInDevelopment(logger, problem);
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Database role {Role} of {Setting} holds no owner rights")]
    private static partial void LogLeastPrivilege(ILogger logger, string role, string setting);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "{Problem} Accepted in Development only: outside it the service refuses to start (docs/security.md)")]
    private static partial void LogOwnerRightsInDevelopment(ILogger logger, string problem);
}

/// <summary>A service was about to run, outside Development, with a database role that holds owner rights.</summary>
public sealed class OwnerRightsAtRuntimeException(string problem, string? ownerSetting) : InvalidOperationException(
    $"{problem} Outside Development a service runs under a role with only the DML it needs; the owner's connection belongs " +
    $"to the migration step alone{(ownerSetting is null ? "" : $" ({ownerSetting})")} (docs/security.md, \"Database roles\").");
