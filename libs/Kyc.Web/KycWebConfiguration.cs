using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Kyc.Web;

/// <summary>Reads <see cref="KycWebOptions"/> from configuration (appsettings, environment variables such as <c>Auth__Authority</c>).</summary>
internal static class KycWebConfiguration
{
    public static KycWebOptions Read(IConfiguration configuration, string serviceName)
    {
        var options = new KycWebOptions(serviceName);

        var auth = configuration.GetSection("Auth");
        options.Auth.Enabled = Bool(auth["Enabled"]) ?? options.Auth.Enabled;
        options.Auth.Authority = auth["Authority"] ?? options.Auth.Authority;
        options.Auth.Issuer = auth["Issuer"] ?? options.Auth.Issuer;
        options.Auth.Audience = auth["Audience"] is { Length: > 0 } audience ? audience : options.Auth.Audience;
        options.Auth.RequireHttpsMetadata = Bool(auth["RequireHttpsMetadata"]) ?? options.Auth.RequireHttpsMetadata;
        if (Long(auth["ClockSkewSeconds"]) is { } skew) options.Auth.ClockSkew = TimeSpan.FromSeconds(skew);

        options.MaxRequestBodyBytes = Long(configuration["Web:MaxRequestBodyBytes"]) ?? options.MaxRequestBodyBytes;
        options.MaxConcurrentRequests = (int?)Long(configuration["Web:MaxConcurrentRequests"]) ?? options.MaxConcurrentRequests;

        foreach (var name in List(configuration, "Logging:Pii:Properties")) options.Pii.PropertyNames.Add(name);
        foreach (var category in List(configuration, "Logging:Pii:TrustedCategories")) options.Pii.TrustedCategories.Add(category);

        var endpoint = configuration["Telemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(endpoint)) options.Telemetry.OtlpEndpoint = new Uri(endpoint, UriKind.Absolute);
        options.Telemetry.OtlpProtocol = (configuration["Telemetry:OtlpProtocol"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]) switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"OTLP protocol '{other}' is not supported: use grpc or http/protobuf"),
        };
        foreach (var source in List(configuration, "Telemetry:ActivitySources")) options.Telemetry.ActivitySources.Add(source);
        foreach (var meter in List(configuration, "Telemetry:Meters")) options.Telemetry.Meters.Add(meter);
        return options;
    }

    private static bool? Bool(string? value) => value is null ? null : bool.Parse(value);

    private static long? Long(string? value) => value is null ? null : long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static IEnumerable<string> List(IConfiguration configuration, string key) =>
        configuration.GetSection(key).GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0);
}
