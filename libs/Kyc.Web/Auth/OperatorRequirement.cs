using Microsoft.AspNetCore.Authorization;

namespace Kyc.Web.Auth;

/// <summary>The token must carry the <c>operator</c> role in its <c>roles</c> claim.</summary>
public sealed class OperatorRequirement : AuthorizationHandler<OperatorRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRequirement requirement)
    {
        if (context.User.HasClaim(KycClaims.Roles, KycClaims.OperatorRole)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
