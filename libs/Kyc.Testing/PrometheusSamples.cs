using System.Globalization;

namespace Kyc.Testing;

/// <summary>
/// Samples of a <c>/metrics</c> scrape (Prometheus text format): <c>name{labels} value [timestamp]</c>. Labels are matched
/// as text inside the braces, so a test names only those it cares about (the exporter adds <c>otel_scope_name</c>, ...).
/// </summary>
public static class PrometheusSamples
{
    /// <summary>The sample lines of series <paramref name="name"/> whose labels contain each of <paramref name="labels"/> (<c>source="main"</c>).</summary>
    public static IReadOnlyList<string> Find(string scrape, string name, params string[] labels) =>
        [.. scrape.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line =>
            (line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal)) &&
            labels.All(label => LabelsOf(line).Contains(label, StringComparison.Ordinal)))];

    /// <summary>The value of the one matching sample, or null when there is none.</summary>
    public static double? Value(string scrape, string name, params string[] labels) =>
        Find(scrape, name, labels) switch
        {
            [] => null,
            [var line] => ValueOf(line),
            var lines => throw new InvalidOperationException($"{lines.Count} samples of {name} match {string.Join(",", labels)}:\n{string.Join('\n', lines)}"),
        };

    public static double ValueOf(string line)
    {
        var afterLabels = line.Contains('{', StringComparison.Ordinal) ? line[(line.LastIndexOf('}') + 1)..] : line[line.IndexOf(' ', StringComparison.Ordinal)..];
        return double.Parse(afterLabels.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string LabelsOf(string line) =>
        line.IndexOf('{', StringComparison.Ordinal) is var open and >= 0 ? line[open..(line.LastIndexOf('}') + 1)] : "";
}
