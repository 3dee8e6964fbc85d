using System.Diagnostics.Metrics;
using Kyc.Web.Tracing;
using Microsoft.Extensions.DependencyInjection;

namespace Kyc.Web.Metrics;

internal static class KycMetrics
{
    public static void Add(IServiceCollection services, KycTelemetryOptions options)
    {
        services.AddMetrics();
        services.AddSingleton(sp => new PrometheusMetricsCollector(
            sp.GetService<IMeterFactory>(),
            PrometheusMetricsCollector.DefaultMeters.Concat(options.Meters)));
    }
}
