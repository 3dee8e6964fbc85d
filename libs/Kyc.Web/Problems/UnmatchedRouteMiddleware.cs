using Microsoft.AspNetCore.Http;

namespace Kyc.Web.Problems;

/// <summary>
/// The fallback for requests no endpoint matches: 404 <c>not_found</c> before authentication runs. It is a
/// middleware after routing rather than <c>MapFallback</c>, which would swallow routing's 405 answers.
/// </summary>
internal sealed class UnmatchedRouteMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        context.GetEndpoint() is null
            ? ProblemResponse.WriteAsync(context, BaseErrors.NotFound, "No resource matches this path.")
            : next(context);
}
