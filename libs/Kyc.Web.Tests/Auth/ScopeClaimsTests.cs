using System.Security.Claims;
using Kyc.Web.Auth;
using Xunit;

namespace Kyc.Web.Tests.Auth;

public sealed class ScopeClaimsTests
{
    [Fact]
    public void Scopes_are_read_from_a_space_separated_claim_and_from_several_claims()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim("scope", "cases:read  cases:write"),
            new Claim("scope", "documents:read"),
        ], "test"));

        Assert.True(user.HasScope("cases:read"));
        Assert.True(user.HasScope("cases:write"));
        Assert.True(user.HasScope("documents:read"));
        Assert.False(user.HasScope("cases"));
        Assert.False(user.HasScope("documents:write"));
    }
}
