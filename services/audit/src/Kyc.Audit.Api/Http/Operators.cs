using Kyc.Web.Auth;

namespace Kyc.Audit.Api.Http;

/// <summary>Who is calling: the operator client's id (the token's <c>sub</c>).</summary>
public static class Operators
{
    public static string ClientId(HttpContext http) =>
        http.User.FindFirst(KycClaims.Subject)?.Value is { Length: > 0 } sub ? sub : "unknown";

    /// <summary>Idempotency keys of operators are scoped per operator client (they are not a partner's).</summary>
    public static string IdempotencyScope(HttpContext http) => "operator:" + ClientId(http);
}
