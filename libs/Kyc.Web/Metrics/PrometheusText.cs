using System.Globalization;
using System.Text;

namespace Kyc.Web.Metrics;

/// <summary>Values, label sets and help text in the Prometheus text exposition format 0.0.4.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>a="1",b="x"</c> (without braces) for a tag set.</summary>
    public static string Labels(TagSet tags)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in tags.Tags)
        {
            if (builder.Length > 0) builder.Append(',');
            builder.Append(PrometheusNaming.LabelName(key)).Append("=\"");
            AppendEscaped(builder, LabelValue(value), escapeQuotes: true);
            builder.Append('"');
        }
        return builder.ToString();
    }

    public static void AppendHelp(StringBuilder output, string name, string help)
    {
        output.Append("# HELP ").Append(name).Append(' ');
        AppendEscaped(output, help, escapeQuotes: false);
        output.Append('\n');
    }

    public static void AppendType(StringBuilder output, string name, string type) =>
        output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    /// <summary><c>name{labels,extra} value</c>, omitting empty braces.</summary>
    public static void AppendSample(StringBuilder output, string name, string labels, string? extraLabel, double value)
    {
        output.Append(name);
        if (labels.Length > 0 || extraLabel is not null)
        {
            output.Append('{').Append(labels);
            if (extraLabel is not null) output.Append(labels.Length > 0 ? "," : "").Append(extraLabel);
            output.Append('}');
        }
        output.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string LabelValue(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void AppendEscaped(StringBuilder builder, string text, bool escapeQuotes)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\n': builder.Append(@"\n"); break;
                case '"' when escapeQuotes: builder.Append("\\\""); break;
                default: builder.Append(c); break;
            }
        }
    }
}
