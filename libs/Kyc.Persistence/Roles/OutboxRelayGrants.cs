namespace Kyc.Persistence.Roles;

/// <summary>
/// What the outbox relay's role may do in a service's database: read unpublished rows, mark them published or failed,
/// delete published rows past the retention. Nothing on the service's own tables. Applied by the service's migration
/// step for the role named in <c>&lt;Service&gt;:Database:OutboxRelayRole</c>.
/// </summary>
public static class OutboxRelayGrants
{
    public const string Script = """
        REVOKE ALL ON outbox FROM :app_role;
        GRANT SELECT, DELETE ON outbox TO :app_role;
        GRANT UPDATE (published_at, attempts, last_error) ON outbox TO :app_role;
        """;
}
