using Microsoft.AspNetCore.Authorization;

namespace Kyc.Web.Auth;

/// <summary>The token must name the partner (tenant) it acts for.</summary>
public sealed class PartnerRequirement : AuthorizationHandler<PartnerRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PartnerRequirement requirement)
    {
        if (PartnerContext.FromUser(context.User) is not null) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
