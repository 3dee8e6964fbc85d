using System.Globalization;
using Kyc.Web.Problems;
using Microsoft.AspNetCore.Http;

namespace Kyc.Web.RateLimiting;

/// <summary>
/// Applies the caller's limit of the request's route group: every response of a limited route carries
/// <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c> (seconds); a request over the limit is
/// answered 429 <c>too_many_requests</c> with <c>Retry-After</c> and never reaches the endpoint.
/// </summary>
internal sealed class PartnerRateLimitMiddleware(RequestDelegate next, RateLimitPolicy policy, PartnerRateLimiter limiter)
{
    public const string LimitHeader = "RateLimit-Limit";
    public const string RemainingHeader = "RateLimit-Remaining";
    public const string ResetHeader = "RateLimit-Reset";

    public async Task InvokeAsync(HttpContext context)
    {
        if (policy.RuleFor(context.Request, context.User) is not { } rule)
        {
            await next(context);
            return;
        }
        var decision = await limiter.DecideAsync(rule, context.RequestAborted);
        context.Response.OnStarting(static state =>
        {
            var (response, d) = ((HttpResponse, RateLimitDecision))state;
            response.Headers[LimitHeader] = d.Limit.ToString(CultureInfo.InvariantCulture);
            response.Headers[RemainingHeader] = d.Remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers[ResetHeader] = d.ResetSeconds.ToString(CultureInfo.InvariantCulture);
            if (!d.Admitted) response.Headers.RetryAfter = d.ResetSeconds.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }, (context.Response, decision));

        if (decision.Admitted)
        {
            await next(context);
            return;
        }
        await ProblemResponse.WriteAsync(context, BaseErrors.TooManyRequests,
            $"More than {decision.Limit} requests in this window for this route group. Retry after the number of seconds in Retry-After.");
    }
}
