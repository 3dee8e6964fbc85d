using System.Diagnostics;
using System.Globalization;

namespace Kyc.LoadTests;

/// <summary>The result table, and one <c>RESULT key=value ...</c> line for scripts.</summary>
public static class ResultReport
{
    private static readonly double[] Percentiles = [0.50, 0.90, 0.95, 0.99];

    public static void Write(TextWriter output, LoadOptions options, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(result);
        var inv = CultureInfo.InvariantCulture;
        var sent = result.Measured.Where(s => s.WasSent).ToList();
        var latencies = sent.Select(s => Milliseconds(s.End - s.Start)).ToArray();
        Array.Sort(latencies);
        var errors = result.Measured.Where(s => !s.IsCreated).GroupBy(s => s.Error ?? $"HTTP {s.Status}")
            .Select(g => (Kind: g.Key, Count: g.Count())).OrderByDescending(e => e.Count).ToList();
        var lags = result.SchedulerLags.Select(Milliseconds).ToArray();
        Array.Sort(lags);
        var cpuPercent = result.GeneratorCpu.TotalSeconds / result.Seconds * 100;

        output.WriteLine();
        output.WriteLine($"== {options.Label ?? "create-cases"}: {options.Describe()}");
        Row(output, "measured period", string.Create(inv, $"{result.Seconds:0.0} s (after {options.Warmup.TotalSeconds:0.#} s warm-up: {result.WarmupRequests} requests, {result.WarmupErrors} not 201)"));
        Row(output, "requests started", string.Create(inv, $"{result.Measured.Count}{(options.Mode == LoadMode.Rate ? $" (offered {options.Rate:0.##}/s)" : "")}"));
        Row(output, "201 Created", result.Ok.ToString(inv));
        Row(output, "errors (not 201)", errors.Sum(e => e.Count).ToString(inv));
        foreach (var (kind, count) in errors)
        {
            var example = result.ErrorExamples.TryGetValue(kind, out var text) ? $"   e.g. {text}" : "";
            Row(output, "  " + kind, count.ToString(inv) + example);
        }
        Row(output, "throughput", string.Create(inv, $"{result.OkPerSecond:0.0} created/s (201 answers arriving in the measured period)"));
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"  latency ms ({(options.Mode == LoadMode.Rate ? "from scheduled start" : "from send")}, {latencies.Length} samples)"));
        output.WriteLine("      p50      p90      p95      p99      max     mean");
        output.WriteLine(string.Create(inv,
            $"  {P(latencies, 0.50),7:0.00}  {P(latencies, 0.90),7:0.00}  {P(latencies, 0.95),7:0.00}  {P(latencies, 0.99),7:0.00}  {Max(latencies),7:0.00}  {Mean(latencies),7:0.00}"));
        if (options.Mode == LoadMode.Rate)
        {
            output.WriteLine(string.Create(inv,
                $"  scheduler lag ms (late starts, included above): p50 {P(lags, 0.50):0.00}  p99 {P(lags, 0.99):0.00}  max {Max(lags):0.00}"));
        }
        output.WriteLine(string.Create(inv,
            $"  load generator CPU: {result.GeneratorCpu.TotalSeconds:0.0} s in {result.Seconds:0.0} s = {cpuPercent:0}% of one core (it shares the machine with the service)"));

        var fields = new List<(string, string)>
        {
            ("label", options.Label ?? "create-cases"),
            ("mode", options.Mode.ToString().ToLowerInvariant()),
            ("endpoint", options.Endpoint.ToString()),
            ("connections", options.Connections.ToString(inv)),
            ("rate", options.Mode == LoadMode.Rate ? options.Rate.ToString("0.##", inv) : "-"),
            ("seconds", result.Seconds.ToString("0.0", inv)),
            ("started", result.Measured.Count.ToString(inv)),
            ("created", result.Ok.ToString(inv)),
            ("errors", errors.Sum(e => e.Count).ToString(inv)),
            ("created_per_s", result.OkPerSecond.ToString("0.0", inv)),
        };
        fields.AddRange(Percentiles.Select(p => ($"p{p * 100:0}_ms", P(latencies, p).ToString("0.00", inv))));
        fields.Add(("max_ms", Max(latencies).ToString("0.00", inv)));
        fields.Add(("mean_ms", Mean(latencies).ToString("0.00", inv)));
        fields.Add(("lag_p99_ms", lags.Length == 0 ? "-" : P(lags, 0.99).ToString("0.00", inv)));
        fields.Add(("gen_cpu_pct", cpuPercent.ToString("0", inv)));
        output.WriteLine();
        output.WriteLine("RESULT " + string.Join(' ', fields.Select(f => $"{f.Item1}={f.Item2.Replace(' ', '_')}")));
    }

    /// <summary>Nearest-rank percentile of sorted values (NaN when there are none).</summary>
    public static double P(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double Max(double[] sorted) => sorted.Length == 0 ? double.NaN : sorted[^1];

    private static double Mean(double[] values) => values.Length == 0 ? double.NaN : values.Average();

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static void Row(TextWriter output, string name, string value) => output.WriteLine($"  {name,-22} {value}");
}
