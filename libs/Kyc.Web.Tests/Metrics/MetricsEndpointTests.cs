using System.Diagnostics.Metrics;
using Kyc.Testing;
using Kyc.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kyc.Web.Tests.Metrics;

[Collection(SharedAppCollection.Name)]
public sealed class MetricsEndpointTests(SharedApp shared)
{
    private const string RouteLabels = "http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/v1/things/{id}\"";
    private readonly TestApp _app = shared.App;

    [Fact]
    public async Task Metrics_show_the_request_duration_histogram_of_a_called_route_by_its_template()
    {
        var token = await TestTokens.ForPartnerAsync("partner-a", TestEndpoints.ReadScope);
        using (var called = await _app.Client(token).GetAsync("/v1/things/m-1")) called.EnsureSuccessStatusCode();

        var text = await Eventually.GetAsync(ScrapeAsync, t => Series(t, "http_server_request_duration_seconds_count", RouteLabels).Any());

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        var buckets = Series(text, "http_server_request_duration_seconds_bucket", RouteLabels).ToList();
        Assert.Contains(buckets, l => l.Contains("le=\"0.005\"", StringComparison.Ordinal));
        Assert.Contains(buckets, l => l.Contains("le=\"+Inf\"", StringComparison.Ordinal));
        Assert.Single(Series(text, "http_server_request_duration_seconds_sum", RouteLabels));
        Assert.True(Value(Series(text, "http_server_request_duration_seconds_count", RouteLabels).Single()) >= 1);
        Assert.DoesNotContain("m-1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_and_need_no_token()
    {
        using var response = await _app.Client().GetAsync("/metrics");

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.All(Lines(text), line => Assert.Matches(@"^(# (HELP|TYPE|UNIT|EOF) ?.*|[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \S+( \S+)?)$", line));
    }

    [Fact]
    public async Task Runtime_metrics_are_exported_under_their_semantic_convention_names()
    {
        var text = await Eventually.GetAsync(ScrapeAsync, t => t.Contains("dotnet_gc_collections_total", StringComparison.Ordinal));

        Assert.Contains("# TYPE dotnet_process_memory_working_set_bytes gauge", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_thread_pool_thread_count gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_is_named_in_target_info()
    {
        var text = await ScrapeAsync();

        Assert.Contains(Lines(text), l => l.StartsWith("target_info{", StringComparison.Ordinal) && l.Contains("service_name=\"kyc-web-tests\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_platforms_own_meters_are_exported_with_unit_and_total_suffixes()
    {
        var meterFactory = _app.Services.GetRequiredService<IMeterFactory>();
        var meter = meterFactory.Create("Kyc.Tests." + Guid.NewGuid().ToString("N"));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        meter.CreateCounter<long>($"kyc.tests.{suffix}.attempts", "{attempt}", "Webhook delivery attempts").Add(3, new KeyValuePair<string, object?>("outcome", "delivered"));
        meter.CreateHistogram<double>($"kyc.tests.{suffix}.lag", "s").Record(0.03);
        meter.CreateObservableGauge($"kyc.tests.{suffix}.backlog", () => 7L, "{event}");

        var text = await Eventually.GetAsync(ScrapeAsync, t => t.Contains($"kyc_tests_{suffix}_backlog", StringComparison.Ordinal));

        Assert.Equal(3, Value(Series(text, $"kyc_tests_{suffix}_attempts_total", "outcome=\"delivered\"").Single()));
        Assert.Contains($"# TYPE kyc_tests_{suffix}_lag_seconds histogram", text, StringComparison.Ordinal);
        Assert.Equal(0, Value(Series(text, $"kyc_tests_{suffix}_lag_seconds_bucket", "le=\"0.025\"").Single()));
        Assert.Equal(1, Value(Series(text, $"kyc_tests_{suffix}_lag_seconds_bucket", "le=\"0.05\"").Single()));
        Assert.Equal(7, Value(Series(text, $"kyc_tests_{suffix}_backlog", "").Single()));
    }

    [Fact]
    public async Task Meters_of_another_applications_meter_factory_are_not_exported()
    {
        await using var other = await TestApp.StartAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        other.Services.GetRequiredService<IMeterFactory>().Create("Kyc.Tests.Other").CreateCounter<long>($"kyc.tests.{suffix}.foreign").Add(1);
        var own = _app.Services.GetRequiredService<IMeterFactory>().Create("Kyc.Tests.Own").CreateCounter<long>($"kyc.tests.{suffix}.own");
        own.Add(1);

        var text = await Eventually.GetAsync(ScrapeAsync, t => t.Contains($"kyc_tests_{suffix}_own_total", StringComparison.Ordinal));

        Assert.DoesNotContain($"kyc_tests_{suffix}_foreign", text, StringComparison.Ordinal);
        Assert.Contains($"kyc_tests_{suffix}_foreign", await other.Client().GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    private async Task<string> ScrapeAsync() => await _app.Client().GetStringAsync("/metrics");

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static IReadOnlyList<string> Series(string text, string name, string labels) => PrometheusSamples.Find(text, name, labels);

    private static double Value(string sample) => PrometheusSamples.ValueOf(sample);
}
