using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;

namespace Kyc.Web.Auth;

/// <summary>Endpoint (and route group) conventions for the platform's authorization rules.</summary>
public static class AuthorizationConventions
{
    /// <summary>Requires an authenticated token granted every one of <paramref name="scopes"/> (403 <c>insufficient_scope</c>).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params string[] scopes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new ScopeRequirement(scopes))
            .Build());

    /// <summary>Requires a token naming its partner, the tenant (403 <c>partner_required</c>).</summary>
    public static TBuilder RequirePartner<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new PartnerRequirement())
            .Build());

    /// <summary>Requires the <c>operator</c> role (403 <c>forbidden</c>).</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new OperatorRequirement())
            .Build());
}
