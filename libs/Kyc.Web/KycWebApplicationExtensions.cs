using Kyc.Web.Caching;
using Kyc.Web.Deprecation;
using Kyc.Web.Health;
using Kyc.Web.Hosting;
using Kyc.Web.Logging;
using Kyc.Web.Metrics;
using Kyc.Web.Problems;
using Kyc.Web.RequestIds;
using Kyc.Web.Tracing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Kyc.Web;

public static class KycWebApplicationExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string MetricsPath = "/metrics";
    public const string LiveTag = "live";

    /// <summary>
    /// The middleware, in this order: request id, <c>Cache-Control: no-store</c> unless an endpoint sets its own, server span naming, request log, exceptions to problems, the bound on
    /// concurrent requests, empty error statuses to
    /// problems, routing, 404 for unmatched routes, deprecation headers, body size limit, authentication, authorization.
    /// Call it before mapping endpoints; add a service's own middleware after it.
    /// </summary>
    public static WebApplication UseKycWebDefaults(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<KycWebOptions>();
        app.Services.GetRequiredService<TracerProvider>();
        app.Services.GetRequiredService<PrometheusMetricsCollector>();

        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<NoStoreByDefaultMiddleware>();
        app.UseMiddleware<ServerSpanMiddleware>();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseMiddleware<ProblemExceptionMiddleware>();
        if (options.MaxConcurrentRequests > 0) app.UseMiddleware<AdmissionLimitMiddleware>(options.MaxConcurrentRequests);
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseRouting();
        app.UseMiddleware<UnmatchedRouteMiddleware>();
        app.UseMiddleware<DeprecationHeadersMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>(options.MaxRequestBodyBytes);
        if (options.Auth.Enabled) app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// <c>/health/live</c> (no dependencies; only checks tagged <c>live</c>), <c>/health/ready</c> (checks tagged
    /// <c>ready</c>; 503 when one is unhealthy) and <c>/metrics</c> (Prometheus text). All anonymous.
    /// </summary>
    public static IEndpointRouteBuilder MapKycHealthAndMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous().WithMetadata(QuietRequestLogging.Instance);

        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthChecksBuilderExtensions.ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).AllowAnonymous().WithMetadata(QuietRequestLogging.Instance);

        endpoints.MapGet(MetricsPath, MetricsEndpoint.Scrape)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .WithMetadata(QuietRequestLogging.Instance);
        return endpoints;
    }
}
