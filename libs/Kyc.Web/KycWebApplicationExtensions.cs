using Kyc.Web.Caching;
using Kyc.Web.Deprecation;
using Kyc.Web.Health;
using Kyc.Web.Hosting;
using Kyc.Web.Logging;
using Kyc.Web.Problems;
using Kyc.Web.RateLimiting;
using Kyc.Web.RequestIds;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kyc.Web;

public static class KycWebApplicationExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string MetricsPath = "/metrics";
    public const string LiveTag = "live";

    /// <summary>
    /// The middleware, in this order: request id, <c>Cache-Control: no-store</c> unless an endpoint sets its own, request log
    /// (Serilog), exceptions to problems, the bound on concurrent requests, empty error statuses to problems, routing, 404 for
    /// unmatched routes, deprecation headers, body size limit, authentication, the partner rate limit, authorization.
    /// Call it before mapping endpoints; add a service's own middleware after it.
    /// </summary>
    public static WebApplication UseKycWebDefaults(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<KycWebOptions>();

        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<NoStoreByDefaultMiddleware>();
        KycRequestLogging.Use(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions { AllowStatusCode404Response = true });
        AdmissionLimit.Use(app, options.MaxConcurrentRequests);
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseRouting();
        app.UseMiddleware<UnmatchedRouteMiddleware>();
        app.UseMiddleware<DeprecationHeadersMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>(options.MaxRequestBodyBytes);
        if (options.Auth.Enabled) app.UseAuthentication();
        RateLimitingRegistration.Use(app);
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// <c>/health/live</c> (no dependencies; only checks tagged <c>live</c>), <c>/health/ready</c> (checks tagged
    /// <c>ready</c>; 503 when one is unhealthy) and <c>/metrics</c> (OpenTelemetry's Prometheus exporter). All anonymous.
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

        endpoints.MapPrometheusScrapingEndpoint(MetricsPath)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .WithMetadata(QuietRequestLogging.Instance);
        return endpoints;
    }
}
