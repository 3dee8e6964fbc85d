using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Kyc.Web.Telemetry;

/// <summary>
/// OpenTelemetry through its hosting package: server, HttpClient and Npgsql spans plus the platform's own sources,
/// exported over OTLP when an endpoint is configured; the chosen meters on one meter provider, served by the
/// Prometheus exporter at <c>/metrics</c>.
/// </summary>
internal static class KycOpenTelemetry
{
    /// <summary>Default bounds for second-valued histograms without advice (the SDK's own default suits milliseconds).</summary>
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public static void Add(IServiceCollection services, string serviceName, KycTelemetryOptions options)
    {
        var version = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: version))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource([.. options.ActivitySources]);
                if (options.OtlpEndpoint is { } endpoint) tracing.AddOtlpExporter(otlp => Configure(otlp, endpoint, options.OtlpProtocol));
            })
            .WithMetrics(metrics => metrics
                .AddRuntimeInstrumentation()
                .AddView(SecondsHistogramWithoutAdvice)
                .AddPrometheusExporter());

        // The other meters are enabled through Microsoft.Extensions.Diagnostics rather than AddMeter: its rules take a
        // meter made by this host's IMeterFactory or without a factory, never one of another host in the same process.
        services.AddMetrics(metrics =>
        {
            foreach (var meter in options.Meters) metrics.EnableMetrics(meter);
        });
    }

    private static void Configure(OtlpExporterOptions otlp, Uri endpoint, OtlpExportProtocol protocol)
    {
        otlp.Protocol = protocol;
        otlp.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/"
            ? new Uri(endpoint, "v1/traces")
            : endpoint;
    }

    private static MetricStreamConfiguration? SecondsHistogramWithoutAdvice(Instrument instrument) =>
        instrument is Histogram<double> { Unit: "s", Advice: null } ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets } : null;
}
