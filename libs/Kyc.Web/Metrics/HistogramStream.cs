using System.Text;

namespace Kyc.Web.Metrics;

/// <summary>Explicit-bucket histogram: <c>_bucket{le=...}</c> (cumulative), <c>_sum</c> and <c>_count</c> per series.</summary>
internal sealed class HistogramStream : MetricStream
{
    private readonly double[] _bounds;
    private readonly string[] _leLabels;
    private readonly SeriesMap<HistogramPoint> _series;

    public HistogramStream(string name, string help, double[] bounds)
        : base(name, help, PrometheusMetricType.Histogram)
    {
        _bounds = bounds;
        _leLabels = [.. bounds.Select(b => $"le=\"{PrometheusText.Number(b)}\""), "le=\"+Inf\""];
        _series = new(tags => new HistogramPoint(PrometheusText.Labels(tags), bounds.Length));
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _series.Get(tags).Record(value, _bounds);

    public override void AppendSamples(StringBuilder output)
    {
        foreach (var point in _series.Points())
        {
            long cumulative = 0;
            for (var i = 0; i < _leLabels.Length; i++)
            {
                cumulative += point.CountAt(i);
                PrometheusText.AppendSample(output, Name + "_bucket", point.Labels, _leLabels[i], cumulative);
            }
            PrometheusText.AppendSample(output, Name + "_sum", point.Labels, null, point.Sum);
            PrometheusText.AppendSample(output, Name + "_count", point.Labels, null, cumulative);
        }
    }
}
