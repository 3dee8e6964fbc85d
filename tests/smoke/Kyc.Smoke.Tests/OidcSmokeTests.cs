using Kyc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Kyc.Smoke.Tests;

public sealed class OidcSmokeTests
{
    private static readonly ConfigurationManager<OpenIdConnectConfiguration> Discovery = new(
        $"{StackSettings.OidcIssuer}/.well-known/openid-configuration",
        new OpenIdConnectConfigurationRetriever(),
        new HttpDocumentRetriever { RequireHttps = false });

    [Fact]
    public async Task A_client_credentials_token_validates_against_the_published_keys_and_carries_tenant_and_scopes()
    {
        var token = await TestTokens.GetAsync(new ClientSpec("partner-smoke", ["cases:read", "cases:write"], ["operator"]));

        var result = await ValidateAsync(token);

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal("partner-smoke", jwt.GetClaim("partner_id").Value);
        Assert.Equal(["cases:read", "cases:write"], jwt.GetClaim("scope").Value.Split(' ').Order());
        Assert.Contains(jwt.Claims, c => c.Type == "roles" && c.Value == "operator");
        Assert.InRange((jwt.ValidTo - jwt.IssuedAt).TotalSeconds, 299, 301);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = await TestTokens.GetAsync(new ClientSpec("partner-smoke", ["cases:read"]), audience: "some-other-api");

        var result = await ValidateAsync(token);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Exception);
    }

    [Fact]
    public async Task A_scope_the_client_was_not_granted_is_refused_by_the_provider()
    {
        var client = await TestTokens.RegisterClientAsync(new ClientSpec("partner-smoke", ["cases:read"]));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TestTokens.RequestTokenAsync(client, ["cases:read", "cases:write"], StackSettings.OidcAudience));

        Assert.Contains("invalid_scope", error.Message, StringComparison.Ordinal);
    }

    private static async Task<TokenValidationResult> ValidateAsync(string token)
    {
        var configuration = await Discovery.GetConfigurationAsync(CancellationToken.None);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = StackSettings.OidcIssuer,
            ValidAudience = StackSettings.OidcAudience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.Zero,
        });
    }
}
