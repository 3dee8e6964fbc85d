using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Kyc.Web.Auth;

/// <summary>JWT bearer validation against the OpenID Connect provider, and the authorization defaults.</summary>
internal static class KycAuthentication
{
    /// <summary>The JOSE <c>typ</c> of an OAuth 2 access token (RFC 9068, section 2.1); any other token type is refused.</summary>
    public static readonly string[] AccessTokenTypes = ["at+jwt", "application/at+jwt"];

    /// <param name="environment">Outside Development, token metadata must come over HTTPS (docs/security.md).</param>
    public static void Add(IServiceCollection services, KycAuthOptions options, IHostEnvironment environment)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ITenant, HttpTenant>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        if (!options.Enabled)
        {
            services.AddAuthorization();
            return;
        }

        var authority = options.Authority?.TrimEnd('/');
        if (string.IsNullOrWhiteSpace(authority))
            throw new InvalidOperationException("Auth:Authority is not configured: set it to the OpenID Connect issuer URL.");
        if (!environment.IsDevelopment() && (!options.RequireHttpsMetadata || authority.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException(
                $"Auth:RequireHttpsMetadata=false and an http:// Auth:Authority are refused outside Development (the environment is " +
                $"'{environment.EnvironmentName}'): the token signing keys would come over plain HTTP, where anyone on the path can " +
                "replace them. Serve the OpenID Connect provider over HTTPS, or set ASPNETCORE_ENVIRONMENT=Development for the local " +
                "stack's plain-HTTP stand-in (docs/security.md).");
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.Authority = authority;
            jwt.Audience = options.Audience;
            jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = options.Issuer?.TrimEnd('/') ?? authority,
                ValidateAudience = true,
                ValidAudience = options.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ClockSkew = options.ClockSkew,
                ValidateIssuerSigningKey = true,
                RequireSignedTokens = true,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ValidTypes = AccessTokenTypes,
                NameClaimType = KycClaims.Subject,
                RoleClaimType = KycClaims.Roles,
            };
        });

        // Secure by default: an endpoint without its own rule still needs a valid token. Health and metrics opt out.
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }
}
