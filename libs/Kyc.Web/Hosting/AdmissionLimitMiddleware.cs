using Kyc.Web.Problems;
using Microsoft.AspNetCore.Http;

namespace Kyc.Web.Hosting;

/// <summary>
/// Bounds how many requests the process works on at once (<c>Web:MaxConcurrentRequests</c>). A request beyond the
/// bound is answered at once with 503 <c>service_unavailable</c> and <c>Retry-After</c>, instead of queueing behind work
/// the process cannot finish before its caller gives up: under overload the service keeps answering at its capacity
/// rather than collapsing, and callers know to back off and retry (with the same Idempotency-Key). Health and
/// metrics endpoints are never refused.
/// </summary>
internal sealed class AdmissionLimitMiddleware(RequestDelegate next, int maxConcurrentRequests)
{
    public const string RetryAfterSeconds = "1";

    private int _inFlight;

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsOperational(context.Request.Path))
        {
            await next(context);
            return;
        }
        if (Interlocked.Increment(ref _inFlight) > maxConcurrentRequests)
        {
            Interlocked.Decrement(ref _inFlight);
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            await ProblemResponse.WriteAsync(context, BaseErrors.ServiceUnavailable,
                "The service is at capacity. Retry after the number of seconds in Retry-After.");
            return;
        }
        try
        {
            await next(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static bool IsOperational(PathString path) =>
        path == KycWebApplicationExtensions.LivePath || path == KycWebApplicationExtensions.ReadyPath
        || path == KycWebApplicationExtensions.MetricsPath;
}
