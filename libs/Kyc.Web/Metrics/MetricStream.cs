using System.Text;

namespace Kyc.Web.Metrics;

/// <summary>The aggregation of one instrument's measurements, exported as one Prometheus metric family.</summary>
internal abstract class MetricStream(string name, string help, PrometheusMetricType type)
{
    public string Name { get; } = name;

    public string Help { get; } = help;

    public PrometheusMetricType Type { get; } = type;

    public string TypeName => Type switch
    {
        PrometheusMetricType.Counter => "counter",
        PrometheusMetricType.Histogram => "histogram",
        _ => "gauge",
    };

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Appends the samples (not the HELP and TYPE lines).</summary>
    public abstract void AppendSamples(StringBuilder output);
}
