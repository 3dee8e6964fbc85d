using Microsoft.AspNetCore.Authorization;

namespace Kyc.Web.Auth;

/// <summary>Every one of <see cref="Scopes"/> must have been granted to the token.</summary>
public sealed class ScopeRequirement : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public ScopeRequirement(IReadOnlyList<string> scopes)
    {
        if (scopes.Count == 0) throw new ArgumentException("at least one scope is required", nameof(scopes));
        foreach (var scope in scopes)
        {
            if (string.IsNullOrWhiteSpace(scope) || scope.Contains(' ', StringComparison.Ordinal))
                throw new ArgumentException($"'{scope}' is not a scope", nameof(scopes));
        }
        Scopes = scopes;
    }

    public IReadOnlyList<string> Scopes { get; }

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        foreach (var scope in requirement.Scopes)
        {
            if (!context.User.HasScope(scope)) return Task.CompletedTask;
        }
        context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
