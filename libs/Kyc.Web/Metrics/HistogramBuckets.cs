using System.Diagnostics.Metrics;

namespace Kyc.Web.Metrics;

/// <summary>Bucket bounds: the instrument's own advice when it has one, else defaults by unit.</summary>
internal static class HistogramBuckets
{
    public static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public static readonly double[] Milliseconds = [.. Seconds.Select(s => s * 1000)];

    /// <summary>The OpenTelemetry SDK's default explicit bounds.</summary>
    public static readonly double[] Default = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    public static double[] For(Instrument instrument)
    {
        var advice = Advice(instrument);
        if (advice is { Length: > 0 }) return [.. advice.Order().Distinct()];
        return instrument.Unit switch
        {
            "s" => Seconds,
            "ms" => Milliseconds,
            _ => Default,
        };
    }

    private static double[]? Advice(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
        Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Histogram<short> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Histogram<byte> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Histogram<decimal> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        _ => null,
    };
}
