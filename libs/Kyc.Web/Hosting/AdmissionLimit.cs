using System.Threading.RateLimiting;
using Kyc.Web.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kyc.Web.Hosting;

/// <summary>
/// Bounds how many requests the process works on at once (<c>Web:MaxConcurrentRequests</c>) with ASP.NET Core's rate
/// limiter: one concurrency limiter without a queue. A request beyond the bound is answered at once with 503
/// <c>service_unavailable</c> and <c>Retry-After</c>, instead of queueing behind work the process cannot finish before its
/// caller gives up: under overload the service keeps answering at its capacity rather than collapsing, and callers know
/// to back off and retry (with the same Idempotency-Key). Health and metrics endpoints are never refused.
/// </summary>
internal static class AdmissionLimit
{
    public const string RetryAfterSeconds = "1";

    public static void Add(IServiceCollection services, int maxConcurrentRequests)
    {
        if (maxConcurrentRequests <= 0) return;
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsOperational(context.Request.Path)
                ? RateLimitPartition.GetNoLimiter("operational")
                : RateLimitPartition.GetConcurrencyLimiter("requests",
                    _ => new ConcurrencyLimiterOptions { PermitLimit = maxConcurrentRequests, QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
                await ProblemResponse.WriteAsync(rejected.HttpContext, BaseErrors.ServiceUnavailable,
                    "The service is at capacity. Retry after the number of seconds in Retry-After.");
            };
        });
    }

    public static void Use(WebApplication app, int maxConcurrentRequests)
    {
        if (maxConcurrentRequests > 0) app.UseRateLimiter();
    }

    private static bool IsOperational(PathString path) =>
        path == KycWebApplicationExtensions.LivePath || path == KycWebApplicationExtensions.ReadyPath
        || path == KycWebApplicationExtensions.MetricsPath;
}
