using System.Security.Claims;
using Kyc.Web.Auth;
using Microsoft.AspNetCore.Http;

namespace Kyc.Web.RateLimiting;

/// <summary>Which limit applies to a request: its route group (first match) and its caller (partner, else client).</summary>
internal sealed class RateLimitPolicy(RateLimitOptions options)
{
    private readonly Dictionary<(string Group, string Partner), int> _partnerLimits =
        options.Partners.ToDictionary(p => (p.Group, p.PartnerId), p => p.PermitLimit);

    public RateLimitRule? RuleFor(HttpRequest request, ClaimsPrincipal user)
    {
        var caller = CallerOf(user);
        if (caller is null) return null;
        var path = request.Path.Value ?? "/";
        foreach (var group in options.Groups)
        {
            if (!path.StartsWith(group.PathPrefix, StringComparison.OrdinalIgnoreCase)) continue;
            if (group.Methods.Count > 0 && !group.Methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase)) continue;
            var limit = _partnerLimits.TryGetValue((group.Name, caller.Value.Partner ?? ""), out var own) ? own : group.PermitLimit;
            return new RateLimitRule(group.Name, caller.Value.Key, limit, group.WindowSeconds);
        }
        return null;
    }

    /// <summary>The partner of the token; a token without one (an operator's) is limited per client. Anonymous: none.</summary>
    private static (string Key, string? Partner)? CallerOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        if (PartnerContext.FromUser(user) is { } partner) return ("partner:" + partner.PartnerId, partner.PartnerId);
        return user.FindFirst(KycClaims.Subject)?.Value is { Length: > 0 } subject ? ("client:" + subject, null) : null;
    }
}
