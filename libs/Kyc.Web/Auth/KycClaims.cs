namespace Kyc.Web.Auth;

/// <summary>Claim types of the platform's access tokens (see infra/local/oidc/README.md and the Keycloak realm).</summary>
public static class KycClaims
{
    /// <summary>The tenant: the partner the calling client belongs to.</summary>
    public const string PartnerId = "partner_id";

    /// <summary>Granted scopes, space-separated (RFC 9068); several <c>scope</c> claims are also accepted.</summary>
    public const string Scope = "scope";

    /// <summary>Roles, a JSON array in the token, one claim per role after validation.</summary>
    public const string Roles = "roles";

    public const string Subject = "sub";

    public const string OperatorRole = "operator";
}
