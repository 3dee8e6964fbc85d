using System.Net;
using Kyc.Testing;
using Kyc.Web.Tests.Support;
using Xunit;

namespace Kyc.Web.Tests.Auth;

[Collection(SharedAppCollection.Name)]
public sealed class AuthenticationTests(SharedApp shared)
{
    private readonly TestApp _app = shared.App;

    [Fact]
    public async Task A_request_without_a_token_is_401_unauthenticated_with_a_bearer_challenge()
    {
        using var response = await _app.Client().GetAsync("/v1/things/t-1");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("A bearer access token is required.", problem.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_expired_token_is_401_with_invalid_token_in_the_challenge()
    {
        var token = await TestTokens.GetAsync(new ClientSpec("partner-expiring", [TestEndpoints.ReadScope], AccessTokenTtlSeconds: 1));
        // Wait until the token is past its exp (clock skew 0 in the test app), then use it.
        var expiresAt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).ValidTo;
        while (DateTime.UtcNow <= expiresAt.AddMilliseconds(500)) await Task.Delay(100);

        using var response = await _app.Client(token).GetAsync("/v1/things/t-1");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("The access token has expired.", problem.Body.GetProperty("detail").GetString());
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401()
    {
        var token = await TestTokens.GetAsync(new ClientSpec("partner-a", [TestEndpoints.ReadScope]), audience: "some-other-api");

        using var response = await _app.Client(token).GetAsync("/v1/things/t-1");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("The access token is not valid for this API.", problem.Body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_token_that_is_not_a_signed_jwt_is_401()
    {
        var token = await TestTokens.ForPartnerAsync("partner-a", TestEndpoints.ReadScope);
        var tampered = token[..token.LastIndexOf('.')] + ".c2lnbmF0dXJl";

        using var response = await _app.Client(tampered).GetAsync("/v1/things/t-1");

        await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
