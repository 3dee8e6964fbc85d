using System.Text;
using Kyc.Testing;
using Kyc.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Xunit;

namespace Kyc.Web.Tests.Observability;

public sealed class TraceExportTests
{
    [Fact]
    public async Task Server_spans_are_exported_over_otlp_when_an_endpoint_is_configured()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = receiver.Endpoint.ToString(),
            ["Telemetry:OtlpProtocol"] = "http/protobuf",
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        using (var response = await app.Client().SendAsync(request)) response.EnsureSuccessStatusCode();

        // The test server answers before the hosting layer ends the request's span: flush until the span is out.
        var tracer = app.Services.GetRequiredService<TracerProvider>();
        var exports = await Eventually.GetAsync(() =>
        {
            tracer.ForceFlush(5000);
            return Task.FromResult(receiver.Exports);
        }, e => e.Any(x => Contains(x.Body, Convert.FromHexString(traceId))), "the server span's export");

        var export = Assert.Single(exports, e => Contains(e.Body, Convert.FromHexString(traceId)));
        Assert.Equal("application/x-protobuf", export.ContentType);
        Assert.True(Contains(export.Body, Encoding.UTF8.GetBytes("kyc-web-tests")), "the resource names the service");
        Assert.True(Contains(export.Body, Encoding.UTF8.GetBytes("GET /health/live")), "the span is named after method and route");
        Assert.True(Contains(export.Body, Encoding.UTF8.GetBytes("http.route")), "the span carries the route tag");
        Assert.True(Contains(export.Body, Encoding.UTF8.GetBytes("request_id")), "the span carries the request id");
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
