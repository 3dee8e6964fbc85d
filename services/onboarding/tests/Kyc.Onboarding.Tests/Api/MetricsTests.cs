using Kyc.Onboarding.Tests.Support;
using Kyc.Testing;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>The service's real <c>/metrics</c> (OpenTelemetry's Prometheus exporter) after real requests.</summary>
public sealed class MetricsTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task Metrics_serve_the_request_duration_histogram_of_case_creation_by_route_and_database_timings()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CreateCase());
        using var client = app.ClientWithToken(null);

        string[] route = ["http_route=\"/v1/onboarding/cases/\"", "http_request_method=\"POST\"", "http_response_status_code=\"201\""];
        var scrape = await Eventually.GetAsync(() => client.GetStringAsync("/metrics"),
            s => PrometheusSamples.Find(s, "http_server_request_duration_seconds_count", route).Count > 0, "the request's duration series");

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", scrape, StringComparison.Ordinal);
        Assert.NotEmpty(PrometheusSamples.Find(scrape, "http_server_request_duration_seconds_bucket", [.. route, "le=\"0.005\""]));
        Assert.NotEmpty(PrometheusSamples.Find(scrape, "http_server_request_duration_seconds_bucket", [.. route, "le=\"+Inf\""]));
        Assert.True(PrometheusSamples.Value(scrape, "http_server_request_duration_seconds_count", route) >= 1);
        Assert.Contains("# TYPE db_client_operation_duration_seconds histogram", scrape, StringComparison.Ordinal);
        Assert.NotEmpty(PrometheusSamples.Find(scrape, "target_info", "service_name=\"onboarding\""));
        Assert.DoesNotContain(created.Id, scrape, StringComparison.Ordinal);
    }
}
