using System.Security.Claims;

namespace Kyc.Web.Auth;

/// <summary>Reads granted scopes from the <c>scope</c> claims without splitting them into new strings.</summary>
public static class ScopeClaims
{
    public static bool HasScope(this ClaimsPrincipal user, string scope)
    {
        foreach (var identity in user.Identities)
        {
            foreach (var claim in identity.FindAll(KycClaims.Scope))
            {
                if (Contains(claim.Value, scope)) return true;
            }
        }
        return false;
    }

    private static bool Contains(string spaceSeparated, string scope)
    {
        foreach (var range in spaceSeparated.AsSpan().Split(' '))
        {
            if (spaceSeparated.AsSpan(range).Trim().SequenceEqual(scope)) return true;
        }
        return false;
    }
}
