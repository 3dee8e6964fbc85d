using System.Text;

namespace Kyc.Web.Metrics;

/// <summary>
/// Counters and up-down counters add their measurements; observable instruments and gauges report the current
/// value (an observable counter observes its running total), so the last measurement wins.
/// </summary>
internal sealed class ScalarStream(string name, string help, PrometheusMetricType type, bool accumulate)
    : MetricStream(name, help, type)
{
    private readonly SeriesMap<ScalarPoint> _series = new(tags => new ScalarPoint(PrometheusText.Labels(tags)));

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var point = _series.Get(tags);
        if (accumulate) point.Add(value);
        else point.Set(value);
    }

    public override void AppendSamples(StringBuilder output)
    {
        foreach (var point in _series.Points()) PrometheusText.AppendSample(output, Name, point.Labels, null, point.Value);
    }
}
