using Kyc.Web.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace Kyc.Web.Auth;

/// <summary>
/// Lets the authentication handler challenge or forbid as usual (JwtBearer sets <c>WWW-Authenticate</c>), then
/// writes the problem body: 401 <c>unauthenticated</c>, or 403 <c>partner_required</c> / <c>insufficient_scope</c>
/// (with the RFC 6750 <c>insufficient_scope</c> challenge) / <c>forbidden</c> by the requirement that failed.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (context.Response.HasStarted) return;

        if (authorizeResult.Challenged)
        {
            await ProblemResponse.WriteAsync(context, BaseErrors.Unauthenticated, await ChallengeDetailAsync(context));
        }
        else if (authorizeResult.Forbidden)
        {
            var failed = authorizeResult.AuthorizationFailure?.FailedRequirements ?? [];
            if (failed.OfType<PartnerRequirement>().Any())
            {
                await ProblemResponse.WriteAsync(context, BaseErrors.PartnerRequired, "The access token names no partner.");
            }
            else if (failed.OfType<ScopeRequirement>().ToList() is { Count: > 0 } scopes)
            {
                var required = string.Join(' ', scopes.SelectMany(s => s.Scopes).Distinct(StringComparer.Ordinal));
                context.Response.Headers.Append(HeaderNames.WWWAuthenticate, $"Bearer error=\"insufficient_scope\", scope=\"{required}\"");
                await ProblemResponse.WriteAsync(context, BaseErrors.InsufficientScope, $"This operation requires the scope(s): {required}.");
            }
            else
            {
                await ProblemResponse.WriteAsync(context, BaseErrors.Forbidden, "The access token does not allow this operation.");
            }
        }
    }

    // The handler caches its result per request: this does not validate the token again.
    private static async Task<string> ChallengeDetailAsync(HttpContext context) =>
        (await context.AuthenticateAsync()).Failure switch
        {
            null => "A bearer access token is required.",
            SecurityTokenExpiredException => "The access token has expired.",
            SecurityTokenInvalidTypeException => "The token is not an access token (typ at+jwt).",
            _ => "The access token is not valid for this API.",
        };
}
