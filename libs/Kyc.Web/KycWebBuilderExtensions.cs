using Kyc.Web.Auth;
using Kyc.Web.Hosting;
using Kyc.Web.Logging;
using Kyc.Web.Problems;
using Kyc.Web.RateLimiting;
using Kyc.Web.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Kyc.Web;

public static class KycWebBuilderExtensions
{
    /// <summary>
    /// Registers the platform's web defaults: JWT bearer auth with scope/operator/partner rules, problem+json errors
    /// from the error catalog, snake_case JSON, Serilog JSON logs with PII masking, OpenTelemetry traces and metrics
    /// (Prometheus at <c>/metrics</c>), and health checks. Settings come from configuration (see README.md), then <paramref name="configure"/>.
    /// </summary>
    public static WebApplicationBuilder AddKycWebDefaults(this WebApplicationBuilder builder, string serviceName, Action<KycWebOptions>? configure = null)
    {
        var options = KycWebConfiguration.Read(builder.Configuration, serviceName);
        configure?.Invoke(options);
        var services = builder.Services;
        services.AddSingleton(options);

        ErrorCatalogRegistration.AddErrorCatalog(services);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemDetailsNormalizer.Normalize);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(json => KycJson.Configure(json.SerializerOptions));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });

        KycSerilog.Add(builder, options.Pii);
        KycAuthentication.Add(services, options.Auth, builder.Environment);
        KycOpenTelemetry.Add(services, options.ServiceName, options.Telemetry);
        services.AddHealthChecks();
        AdmissionLimit.Add(services, options.MaxConcurrentRequests);
        RateLimitingRegistration.Add(builder);
        return builder;
    }
}
