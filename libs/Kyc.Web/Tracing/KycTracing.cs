using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Kyc.Web.Tracing;

/// <summary>
/// The OpenTelemetry tracer provider, built with the SDK directly (OpenTelemetry.Extensions.Hosting is not
/// available here): ASP.NET Core, HttpClient and Npgsql emit their activities themselves; this samples
/// (parent-based, always on) and exports them over OTLP when an endpoint is configured.
/// </summary>
internal static class KycTracing
{
    public static void Add(IServiceCollection services, string serviceName, KycTelemetryOptions options)
    {
        services.AddSingleton(_ => Build(serviceName, options));
        services.AddHostedService<TracerProviderLifetime>();
    }

    private static TracerProvider Build(string serviceName, KycTelemetryOptions options)
    {
        var version = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var builder = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: version))
            .AddSource([.. options.ActivitySources]);
        if (options.OtlpEndpoint is { } endpoint)
        {
            builder.AddOtlpExporter(otlp =>
            {
                otlp.Protocol = options.OtlpProtocol;
                otlp.Endpoint = options.OtlpProtocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/"
                    ? new Uri(endpoint, "v1/traces")
                    : endpoint;
            });
        }
        return builder.Build() ?? throw new InvalidOperationException("the OpenTelemetry SDK built no tracer provider");
    }
}
