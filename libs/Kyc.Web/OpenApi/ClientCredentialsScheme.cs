using Microsoft.OpenApi;

namespace Kyc.Web.OpenApi;

/// <summary>The OAuth 2 client-credentials security scheme of the platform's identity provider (Keycloak realm <c>kyc</c>).</summary>
public static class ClientCredentialsScheme
{
    public const string Name = "oauth2";

    public static readonly Uri TokenUrl = new("https://auth.onboarding-kyc.dev/realms/kyc/protocol/openid-connect/token");

    /// <param name="description">Who may get a token for this API.</param>
    /// <param name="scopes">The scopes the API's operations require, each with what it allows.</param>
    public static OpenApiSecurityScheme Create(string description, IReadOnlyDictionary<string, string> scopes) => new()
    {
        Type = SecuritySchemeType.OAuth2,
        Description = description,
        Flows = new OpenApiOAuthFlows
        {
            ClientCredentials = new OpenApiOAuthFlow { TokenUrl = TokenUrl, Scopes = new Dictionary<string, string>(scopes) },
        },
    };
}
