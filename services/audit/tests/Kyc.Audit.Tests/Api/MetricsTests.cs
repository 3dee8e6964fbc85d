using Kyc.Audit.Tests.Support;
using Kyc.Testing;
using Xunit;

namespace Kyc.Audit.Tests.Api;

/// <summary>The service's real <c>/metrics</c> (OpenTelemetry's Prometheus exporter) after real requests.</summary>
public sealed class MetricsTests(AuditApiFactory app) : IClassFixture<AuditApiFactory>
{
    [Fact]
    public async Task Metrics_serve_the_request_duration_histogram_by_route_the_audit_meter_and_database_timings()
    {
        var operatorClient = await app.OperatorAsync();
        using (var response = await operatorClient.GetAsync(AuditClient.Events)) response.EnsureSuccessStatusCode();
        using var client = app.ClientWithToken(null);

        string[] route = ["http_route=\"/v1/audit/events\"", "http_request_method=\"GET\"", "http_response_status_code=\"200\""];
        var scrape = await Eventually.GetAsync(() => client.GetStringAsync("/metrics"),
            s => PrometheusSamples.Find(s, "http_server_request_duration_seconds_count", route).Count > 0, "the request's duration series");

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", scrape, StringComparison.Ordinal);
        Assert.NotEmpty(PrometheusSamples.Find(scrape, "http_server_request_duration_seconds_bucket", [.. route, "le=\"0.005\""]));
        Assert.True(PrometheusSamples.Value(scrape, "http_server_request_duration_seconds_count", route) >= 1);
        Assert.NotEmpty(PrometheusSamples.Find(scrape, "kyc_audit_chain_last_seq", "otel_scope_name=\"Kyc.Audit\""));
        Assert.NotEmpty(PrometheusSamples.Find(scrape, "db_client_operation_duration_seconds_count"));
        Assert.NotEmpty(PrometheusSamples.Find(scrape, "target_info", "service_name=\"audit\""));
    }
}
