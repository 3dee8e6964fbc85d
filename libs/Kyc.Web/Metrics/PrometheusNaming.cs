using System.Text;

namespace Kyc.Web.Metrics;

/// <summary>
/// OpenTelemetry instrument names and units to Prometheus metric names, as the OpenTelemetry Prometheus exporter
/// does: invalid characters to <c>_</c>, the unit as a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>,
/// annotations like <c>{request}</c> dropped), <c>_total</c> for counters, <c>_ratio</c> for gauges of unit <c>1</c>.
/// </summary>
public static class PrometheusNaming
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds", ["ms"] = "milliseconds",
        ["us"] = "microseconds", ["ns"] = "nanoseconds", ["By"] = "bytes", ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes", ["KBy"] = "kilobytes", ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes", ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules",
        ["W"] = "watts", ["g"] = "grams", ["Cel"] = "celsius", ["Hz"] = "hertz", ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    public static string MetricName(string instrumentName, string? unit, PrometheusMetricType type)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = UnitSuffix(unit, type);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal)) name += "_" + suffix;
        if (type == PrometheusMetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal)) name += "_total";
        return name;
    }

    public static string LabelName(string key)
    {
        var name = Sanitize(key, allowColon: false);
        return name.StartsWith("__", StringComparison.Ordinal) ? "key" + name : name;
    }

    private static string UnitSuffix(string? unit, PrometheusMetricType type)
    {
        if (string.IsNullOrWhiteSpace(unit)) return "";
        if (unit == "1") return type == PrometheusMetricType.Gauge ? "ratio" : "";
        var withoutAnnotations = StripAnnotations(unit);
        if (withoutAnnotations.Length == 0) return "";
        var slash = withoutAnnotations.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return Sanitize(Units.GetValueOrDefault(withoutAnnotations, withoutAnnotations), allowColon: false).Trim('_');
        var numerator = withoutAnnotations[..slash];
        var denominator = withoutAnnotations[(slash + 1)..];
        var per = "per_" + PerUnits.GetValueOrDefault(denominator, denominator);
        var suffix = numerator.Length == 0 ? per : Units.GetValueOrDefault(numerator, numerator) + "_" + per;
        return Sanitize(suffix, allowColon: false).Trim('_');
    }

    private static string StripAnnotations(string unit)
    {
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{') depth++;
            else if (c == '}' && depth > 0) depth--;
            else if (depth == 0) builder.Append(c);
        }
        return builder.ToString().Trim();
    }

    private static string Sanitize(string text, bool allowColon)
    {
        var builder = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            if (next == '_' && builder.Length > 0 && builder[^1] == '_') continue;
            builder.Append(next);
        }
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0])) builder.Insert(0, '_');
        return builder.ToString();
    }
}
