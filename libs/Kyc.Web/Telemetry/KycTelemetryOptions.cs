using OpenTelemetry.Exporter;

namespace Kyc.Web.Telemetry;

/// <summary>Traces and metrics settings (<c>Telemetry</c> configuration section).</summary>
public sealed class KycTelemetryOptions
{
    /// <summary>The platform's own activity sources; ASP.NET Core, HttpClient and Npgsql come through their instrumentation.</summary>
    public static IReadOnlyList<string> DefaultActivitySources { get; } = ["Kyc.*"];

    /// <summary>
    /// Meters on <c>/metrics</c> besides the runtime's: RED per route (ASP.NET Core), connections (Kestrel), outbound
    /// HTTP, Npgsql, and the platform's own (<c>Kyc.*</c>: outbox, relay, consumers, dead letters, audit).
    /// </summary>
    public static IReadOnlyList<string> DefaultMeters { get; } =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Npgsql", "Kyc.*"];

    /// <summary>
    /// <c>Telemetry:OtlpEndpoint</c>, else the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: where spans are exported
    /// over OTLP. Unset: spans are still created (for trace ids and propagation) but not exported.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>
    /// <c>Telemetry:OtlpProtocol</c>, else <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>: <c>grpc</c> (default, port 4317) or
    /// <c>http/protobuf</c> (port 4318; an endpoint without a path gets <c>/v1/traces</c>).
    /// </summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary><c>Telemetry:ActivitySources</c>: further sources to trace (wildcards allowed).</summary>
    public IList<string> ActivitySources { get; } = [.. DefaultActivitySources];

    /// <summary><c>Telemetry:Meters</c>: further meters for <c>/metrics</c> (a trailing <c>.*</c> matches a prefix).</summary>
    public IList<string> Meters { get; } = [.. DefaultMeters];
}
