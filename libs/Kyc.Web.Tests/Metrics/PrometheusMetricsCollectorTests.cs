using System.Diagnostics.Metrics;
using Kyc.Web.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kyc.Web.Tests.Metrics;

public sealed class PrometheusMetricsCollectorTests : IDisposable
{
    private readonly Meter _meter = new("Kyc.Tests.Collector." + Guid.NewGuid().ToString("N"));
    private readonly PrometheusMetricsCollector _collector;

    public PrometheusMetricsCollectorTests() => _collector = new PrometheusMetricsCollector(null, [_meter.Name]);

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void A_counter_is_summed_per_tag_set_whatever_the_tag_order()
    {
        var counter = _meter.CreateCounter<long>("kyc.webhook.attempts", "{attempt}", "Webhook delivery attempts");

        counter.Add(2, new("outcome", "delivered"), new("partner", "p1"));
        counter.Add(1, new("partner", "p1"), new("outcome", "delivered"));
        counter.Add(1, new("outcome", "failed"), new("partner", "p1"));

        var text = _collector.Collect();
        Assert.Contains("# HELP kyc_webhook_attempts_total Webhook delivery attempts\n# TYPE kyc_webhook_attempts_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("kyc_webhook_attempts_total{outcome=\"delivered\",partner=\"p1\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("kyc_webhook_attempts_total{outcome=\"failed\",partner=\"p1\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_histogram_exports_cumulative_buckets_sum_and_count()
    {
        var histogram = _meter.CreateHistogram<double>("kyc.scan.duration", "s", "Scan duration",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10] });

        foreach (var value in new[] { 0.5, 3, 7, 20 }) histogram.Record(value, new KeyValuePair<string, object?>("outcome", "clean"));

        var text = _collector.Collect();
        Assert.Contains("# TYPE kyc_scan_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "kyc_scan_duration_seconds_bucket{outcome=\"clean\",le=\"1\"} 1\n" +
            "kyc_scan_duration_seconds_bucket{outcome=\"clean\",le=\"5\"} 2\n" +
            "kyc_scan_duration_seconds_bucket{outcome=\"clean\",le=\"10\"} 3\n" +
            "kyc_scan_duration_seconds_bucket{outcome=\"clean\",le=\"+Inf\"} 4\n" +
            "kyc_scan_duration_seconds_sum{outcome=\"clean\"} 30.5\n" +
            "kyc_scan_duration_seconds_count{outcome=\"clean\"} 4\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_histogram_in_seconds_without_advice_gets_request_latency_buckets()
    {
        var histogram = _meter.CreateHistogram<double>("kyc.relay.lag", "s");

        histogram.Record(0.03);

        var text = _collector.Collect();
        Assert.Contains("kyc_relay_lag_seconds_bucket{le=\"0.025\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("kyc_relay_lag_seconds_bucket{le=\"0.05\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kyc_relay_lag_seconds_bucket{le=\"10\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_up_down_counter_is_a_gauge_of_its_running_sum()
    {
        var inFlight = _meter.CreateUpDownCounter<int>("kyc.outbox.in_flight", "{event}");

        inFlight.Add(5);
        inFlight.Add(-2);

        var text = _collector.Collect();
        Assert.Contains("# TYPE kyc_outbox_in_flight gauge\nkyc_outbox_in_flight 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Observable_instruments_report_their_current_value_on_each_scrape()
    {
        var backlog = 7;
        _meter.CreateObservableGauge("kyc.outbox.backlog", () => new Measurement<int>(backlog, new KeyValuePair<string, object?>("source", "onboarding")), "{event}");
        _meter.CreateObservableCounter("kyc.consumer.processed", () => 40L, "{event}");

        var first = _collector.Collect();
        backlog = 2;
        var second = _collector.Collect();

        Assert.Contains("kyc_outbox_backlog{source=\"onboarding\"} 7\n", first, StringComparison.Ordinal);
        Assert.Contains("kyc_outbox_backlog{source=\"onboarding\"} 2\n", second, StringComparison.Ordinal);
        Assert.Contains("kyc_consumer_processed_total 40\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_values_are_escaped()
    {
        var counter = _meter.CreateCounter<long>("kyc.escaping");

        counter.Add(1, new KeyValuePair<string, object?>("error.type", "a \"quoted\" back\\slash\nnewline"));

        Assert.Contains("kyc_escaping_total{error_type=\"a \\\"quoted\\\" back\\\\slash\\nnewline\"} 1\n", _collector.Collect(), StringComparison.Ordinal);
    }

    [Fact]
    public void Meters_not_chosen_are_not_exported()
    {
        using var other = new Meter("Other.Library." + Guid.NewGuid().ToString("N"));
        other.CreateCounter<long>("other.requests").Add(1);

        Assert.DoesNotContain("other_requests", _collector.Collect(), StringComparison.Ordinal);
    }

    [Fact]
    public void Meters_of_another_applications_meter_factory_are_not_exported()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var foreign = services.GetRequiredService<IMeterFactory>().Create(_meter.Name);
        foreign.CreateCounter<long>("kyc.foreign.requests").Add(1);

        Assert.DoesNotContain("kyc_foreign_requests", _collector.Collect(), StringComparison.Ordinal);
    }
}
