using Kyc.Testing;
using Kyc.Web.Tests.Support;
using Xunit;

namespace Kyc.Web.Tests.Logging;

public sealed class RequestLogTests
{
    private const string Category = "Serilog.AspNetCore.RequestLoggingMiddleware";

    [Fact]
    public async Task Each_request_is_logged_once_with_route_template_status_duration_and_request_id_but_no_path_or_query()
    {
        using var log = new LogFile();
        await using var app = await TestApp.StartAsync(settings: log.Settings());
        var token = await TestTokens.ForPartnerAsync("partner-a", TestEndpoints.ReadScope);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/things/secret-id?email=jane@example.com");
        request.Headers.Add("X-Request-Id", "req-log-1");

        using (var response = await app.Client(token).SendAsync(request)) response.EnsureSuccessStatusCode();

        var lines = await Eventually.GetAsync(() => Task.FromResult(RequestLines(log, "req-log-1")), l => l.Count > 0);
        var line = Assert.Single(lines);
        Assert.Equal("GET", line.GetProperty("http_method").GetString());
        Assert.Equal("/v1/things/{id}", line.GetProperty("http_route").GetString());
        Assert.Equal(200, line.GetProperty("http_status").GetInt32());
        Assert.True(line.GetProperty("duration_ms").GetDouble() >= 0);
        Assert.StartsWith("HTTP GET /v1/things/{id} responded 200 in ", line.GetProperty("@m").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", line.GetProperty("@tr").GetString());
        Assert.Matches("^[0-9a-f]{16}$", line.GetProperty("@sp").GetString());
        Assert.DoesNotContain("secret-id", line.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("jane", line.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_line_of_a_request_carries_its_request_id()
    {
        using var log = new LogFile();
        await using var app = await TestApp.StartAsync(settings: log.Settings());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/open/boom");
        request.Headers.Add("X-Request-Id", "req-log-boom");

        using (await app.Client().SendAsync(request)) { }

        var lines = await Eventually.GetAsync(() => Task.FromResult(RequestLines(log, "req-log-boom")), l => l.Count > 0);
        var all = log.Lines().Where(l => l.TryGetProperty("@tr", out var t) && t.GetString() == lines[0].GetProperty("@tr").GetString()).ToList();
        Assert.True(all.Count >= 2, "the failure and the request were both logged");
        Assert.All(all, l => Assert.Equal("req-log-boom", l.GetProperty("request_id").GetString()));
        Assert.Contains(all, l => l.GetProperty("@l").GetString() == "Error");
        Assert.Equal("Warning", Assert.Single(lines).GetProperty("@l").GetString());
        Assert.DoesNotContain("jane.doe", log.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probes_and_scrapes_are_logged_at_debug_level_only()
    {
        using var log = new LogFile();
        await using var app = await TestApp.StartAsync(settings: log.Settings());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-Id", "req-log-probe");
        using (var response = await app.Client().SendAsync(request)) response.EnsureSuccessStatusCode();
        using var control = new HttpRequestMessage(HttpMethod.Get, "/v1/open/old");
        control.Headers.Add("X-Request-Id", "req-log-control");
        using (var response = await app.Client().SendAsync(control)) response.EnsureSuccessStatusCode();

        await Eventually.GetAsync(() => Task.FromResult(RequestLines(log, "req-log-control")), l => l.Count > 0);
        Assert.Empty(RequestLines(log, "req-log-probe"));
    }

    private static List<System.Text.Json.JsonElement> RequestLines(LogFile log, string requestId) =>
        [.. log.Lines(Category).Where(l => l.TryGetProperty("request_id", out var id) && id.GetString() == requestId)];
}
