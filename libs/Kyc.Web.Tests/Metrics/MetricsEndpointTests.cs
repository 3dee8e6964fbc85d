using Kyc.Testing;
using Kyc.Web.Tests.Support;
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

        var text = await Eventually.GetAsync(ScrapeAsync, t => t.Contains("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && Lines(t).Any(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal) && l.Contains(RouteLabels, StringComparison.Ordinal)));

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("# HELP http_server_request_duration_seconds ", text, StringComparison.Ordinal);
        var series = Lines(text).Where(l => l.Contains(RouteLabels, StringComparison.Ordinal)).ToList();
        Assert.Contains(series, l => l.StartsWith("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal) && l.Contains("le=\"0.005\"", StringComparison.Ordinal));
        Assert.Contains(series, l => l.StartsWith("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal) && l.Contains("le=\"+Inf\"", StringComparison.Ordinal));
        Assert.Contains(series, l => l.StartsWith("http_server_request_duration_seconds_sum{", StringComparison.Ordinal));
        var count = series.Single(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal));
        Assert.True(long.Parse(count[(count.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_and_need_no_token()
    {
        using var response = await _app.Client().GetAsync("/metrics");

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.All(Lines(text), line => Assert.Matches(@"^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*|[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \S+)$", line));
    }

    private async Task<string> ScrapeAsync() => await _app.Client().GetStringAsync("/metrics");

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
