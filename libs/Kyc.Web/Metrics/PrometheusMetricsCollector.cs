using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Kyc.Web.Metrics;

/// <summary>
/// Stands in for OpenTelemetry.Exporter.Prometheus.AspNetCore (no Prometheus exporter package is available
/// here): a <see cref="MeterListener"/> aggregating the chosen meters in process, rendered in the Prometheus text
/// format on each scrape. Measurements on known series take no lock and allocate nothing.
/// </summary>
public sealed class PrometheusMetricsCollector : IDisposable
{
    /// <summary>RED metrics per route (ASP.NET Core), connections, outbound HTTP, Npgsql, the runtime, and the platform's own.</summary>
    public static IReadOnlyList<string> DefaultMeters { get; } =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Npgsql", "System.Runtime", "Kyc.*",
    ];

    private readonly object _scope;
    private readonly HashSet<string> _exactMeters = new(StringComparer.Ordinal);
    private readonly List<string> _meterPrefixes = [];
    private readonly ConcurrentDictionary<Instrument, MetricStream> _streams = new();
    private readonly MeterListener _listener;
    private readonly Lock _scrapeLock = new();

    /// <param name="meterFactory">The application's meter factory: meters it created are this app's; meters of other
    /// factories (another host in the same process) are not. Meters created without a factory are always taken.</param>
    /// <param name="meters">Meter names; a trailing <c>*</c> matches a prefix.</param>
    public PrometheusMetricsCollector(IMeterFactory? meterFactory, IEnumerable<string> meters)
    {
        _scope = meterFactory ?? new object();
        foreach (var meter in meters)
        {
            if (meter.EndsWith('*')) _meterPrefixes.Add(meter[..^1]);
            else _exactMeters.Add(meter);
        }

        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, _) => _streams.TryRemove(instrument, out MetricStream? _),
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((MetricStream)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((MetricStream)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments and renders every metric family, sorted by name.</summary>
    public string Collect()
    {
        lock (_scrapeLock)
        {
            _listener.RecordObservableInstruments();
            var output = new StringBuilder(16 * 1024);
            string? family = null;
            PrometheusMetricType familyType = default;
            foreach (var stream in _streams.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                if (stream.Name != family)
                {
                    family = stream.Name;
                    familyType = stream.Type;
                    PrometheusText.AppendHelp(output, stream.Name, stream.Help);
                    PrometheusText.AppendType(output, stream.Name, stream.TypeName);
                }
                else if (stream.Type != familyType)
                {
                    continue; // Two instruments mangled to one name with different types: keep the first.
                }
                stream.AppendSamples(output);
            }
            return output.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!Listens(instrument.Meter)) return;
        var stream = CreateStream(instrument);
        if (stream is null) return;
        _streams[instrument] = stream;
        listener.EnableMeasurementEvents(instrument, stream);
    }

    private bool Listens(Meter meter)
    {
        if (meter.Scope is not null && !ReferenceEquals(meter.Scope, _scope)) return false;
        if (_exactMeters.Contains(meter.Name)) return true;
        foreach (var prefix in _meterPrefixes)
        {
            if (meter.Name.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static MetricStream? CreateStream(Instrument instrument)
    {
        var kind = instrument.GetType() is { IsGenericType: true } type ? type.GetGenericTypeDefinition() : null;
        var help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        string Name(PrometheusMetricType t) => PrometheusNaming.MetricName(instrument.Name, instrument.Unit, t);

        if (kind == typeof(Counter<>)) return new ScalarStream(Name(PrometheusMetricType.Counter), help, PrometheusMetricType.Counter, accumulate: true);
        if (kind == typeof(ObservableCounter<>)) return new ScalarStream(Name(PrometheusMetricType.Counter), help, PrometheusMetricType.Counter, accumulate: false);
        if (kind == typeof(UpDownCounter<>)) return new ScalarStream(Name(PrometheusMetricType.Gauge), help, PrometheusMetricType.Gauge, accumulate: true);
        if (kind == typeof(ObservableUpDownCounter<>) || kind == typeof(ObservableGauge<>) || kind == typeof(Gauge<>))
            return new ScalarStream(Name(PrometheusMetricType.Gauge), help, PrometheusMetricType.Gauge, accumulate: false);
        if (kind == typeof(Histogram<>)) return new HistogramStream(Name(PrometheusMetricType.Histogram), help, HistogramBuckets.For(instrument));
        return null;
    }
}
