using Kyc.Web.Metrics;
using Xunit;

namespace Kyc.Web.Tests.Metrics;

public sealed class PrometheusNamingTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", PrometheusMetricType.Histogram, "http_server_request_duration_seconds")]
    [InlineData("http.server.active_requests", "{request}", PrometheusMetricType.Gauge, "http_server_active_requests")]
    [InlineData("kestrel.active_connections", "{connection}", PrometheusMetricType.Gauge, "kestrel_active_connections")]
    [InlineData("kyc.outbox.published", "{event}", PrometheusMetricType.Counter, "kyc_outbox_published_total")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", PrometheusMetricType.Counter, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("process.cpu.utilization", "1", PrometheusMetricType.Gauge, "process_cpu_utilization_ratio")]
    [InlineData("kyc.relay.throughput", "{event}/s", PrometheusMetricType.Gauge, "kyc_relay_throughput_per_second")]
    [InlineData("kyc.requests_total", null, PrometheusMetricType.Counter, "kyc_requests_total")]
    [InlineData("kyc.wait.seconds", "s", PrometheusMetricType.Histogram, "kyc_wait_seconds")]
    public void Instrument_names_and_units_become_prometheus_names(string instrument, string? unit, PrometheusMetricType type, string expected) =>
        Assert.Equal(expected, PrometheusNaming.MetricName(instrument, unit, type));

    [Theory]
    [InlineData("http.route", "http_route")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("9lives", "_9lives")]
    public void Tag_keys_become_label_names(string key, string expected) => Assert.Equal(expected, PrometheusNaming.LabelName(key));
}
