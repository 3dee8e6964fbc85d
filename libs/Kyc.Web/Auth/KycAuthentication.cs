using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Kyc.Web.Auth;

/// <summary>JWT bearer validation against the OpenID Connect provider, and the authorization defaults.</summary>
internal static class KycAuthentication
{
    public static void Add(IServiceCollection services, KycAuthOptions options)
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
                NameClaimType = KycClaims.Subject,
                RoleClaimType = KycClaims.Roles,
            };
        });

        // Secure by default: an endpoint without its own rule still needs a valid token. Health and metrics opt out.
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }
}
