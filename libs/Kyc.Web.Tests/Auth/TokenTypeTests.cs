using System.Net;
using System.Text;
using System.Text.Json;
using Kyc.Testing;
using Kyc.Web.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Kyc.Web.Tests.Auth;

/// <summary>
/// Only access tokens (JOSE <c>typ: at+jwt</c>, RFC 9068) are accepted. The stack's provider signs its access tokens so; a
/// token with the same claims signed with the same key but another <c>typ</c> is refused (docs/security.md).
/// </summary>
[Collection(SharedAppCollection.Name)]
public sealed class TokenTypeTests(SharedApp shared)
{
    private readonly TestApp _app = shared.App;

    [Fact]
    public async Task The_providers_access_tokens_are_typed_at_jwt_and_accepted()
    {
        var token = await TestTokens.ForPartnerAsync("partner-typ", TestEndpoints.ReadScope);

        using var response = await _app.Client(token).GetAsync("/v1/things/t-1");

        Assert.Equal("at+jwt", new JsonWebToken(token).Typ);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("id_token+jwt")]
    [InlineData("logout+jwt")]
    public async Task A_token_of_another_type_signed_by_the_provider_is_401(string type)
    {
        var token = await TestTokens.ForPartnerAsync("partner-typ", TestEndpoints.ReadScope);

        using var resigned = await _app.Client(Resign(token, "at+jwt")).GetAsync("/v1/things/t-1");
        using var other = await _app.Client(Resign(token, type)).GetAsync("/v1/things/t-1");

        Assert.Equal(HttpStatusCode.OK, resigned.StatusCode); // the same signing path with the right type passes
        var problem = await Problem.ReadAsync(other, HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("The token is not an access token (typ at+jwt).", problem.Body.GetProperty("detail").GetString());
    }

    /// <summary>The token's claims, signed again with the provider's own key (kept in the stack's state directory) and <paramref name="type"/>.</summary>
    private static string Resign(string token, string type)
    {
        var keys = JsonDocument.Parse(File.ReadAllText(StackSettings.OidcSigningKeyFile)).RootElement.GetProperty("keys");
        var key = new JsonWebKey(keys[0].GetRawText());
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(new JsonWebToken(token).EncodedPayload));
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(payload, new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = type });
    }
}
