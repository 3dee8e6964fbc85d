using Npgsql;

namespace Kyc.Persistence.Roles;

/// <summary>
/// Runs a grants script (SQL with the psql variable <c>:app_role</c> for the grantee, so DBAs can also run it with
/// <c>psql -v app_role=...</c>) as the tables' owner, for one role, in one transaction. Scripts start with
/// <c>REVOKE ALL</c> on their tables, so running one again leaves exactly the privileges it lists.
/// </summary>
public static class RoleGrants
{
    public const string RoleVariable = ":app_role";

    public static async Task ApplyAsync(NpgsqlConnection ownerConnection, string script, string role, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ownerConnection);
        ArgumentException.ThrowIfNullOrWhiteSpace(script);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        await using var transaction = await ownerConnection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand(Render(script, role), ownerConnection, transaction))
            await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The script with <c>:app_role</c> replaced by the role as a quoted identifier.</summary>
    public static string Render(string script, string role) =>
        script.Replace(RoleVariable, "\"" + role.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", StringComparison.Ordinal);
}
