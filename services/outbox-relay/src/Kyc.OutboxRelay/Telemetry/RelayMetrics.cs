using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Kyc.OutboxRelay.Telemetry;

/// <summary>
/// Meter <c>Kyc.OutboxRelay</c> (on <c>/metrics</c> through Kyc.Web): backlog and oldest unpublished age per source
/// (gauges, refreshed every <c>Relay:BacklogInterval</c>), leader (1 while this instance leads the source), the
/// commit-to-publish lag histogram, and published / failed / pruned counters.
/// </summary>
public sealed class RelayMetrics : IDisposable
{
    public const string MeterName = "Kyc.OutboxRelay";

    private static readonly double[] LagBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<string, SourceGauges> _sources = new(StringComparer.Ordinal);
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _published;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _pruned;

    public RelayMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("kyc.outbox.backlog",
            () => _sources.Where(s => s.Value.Backlog is not null).Select(s => new Measurement<long>(s.Value.Backlog!.Value, Tag(s.Key))),
            unit: "{row}", description: "Unpublished outbox rows per source");
        _meter.CreateObservableGauge("kyc.outbox.oldest_unpublished_age",
            () => _sources.Where(s => s.Value.Backlog is not null).Select(s => new Measurement<double>(s.Value.OldestAgeSeconds, Tag(s.Key))),
            unit: "s", description: "Age of the oldest unpublished outbox row per source (0 when none)");
        _meter.CreateObservableGauge("kyc.outbox.relay.leader",
            () => _sources.Select(s => new Measurement<int>(s.Value.Leader ? 1 : 0, Tag(s.Key))),
            unit: "{leader}", description: "1 while this relay instance is the active publisher of the source");
        _lag = _meter.CreateHistogram("kyc.outbox.relay.lag", unit: "s",
            description: "Commit-to-publish lag: published_at - created_at of each published row",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _published = _meter.CreateCounter<long>("kyc.outbox.relay.published", unit: "{event}", description: "Events acknowledged by Kafka and marked published");
        _failed = _meter.CreateCounter<long>("kyc.outbox.relay.failed", unit: "{event}", description: "Publication attempts that failed (the row stays and is retried)");
        _pruned = _meter.CreateCounter<long>("kyc.outbox.relay.pruned", unit: "{row}", description: "Published rows deleted after the retention period");
    }

    public void Register(string source) => _sources.GetOrAdd(source, _ => new SourceGauges());

    public void SetLeader(string source, bool leader) => _sources.GetOrAdd(source, _ => new SourceGauges()).Leader = leader;

    public bool IsLeader(string source) => _sources.TryGetValue(source, out var gauges) && gauges.Leader;

    public void SetBacklog(string source, long count, double oldestAgeSeconds)
    {
        var gauges = _sources.GetOrAdd(source, _ => new SourceGauges());
        gauges.OldestAgeSeconds = oldestAgeSeconds;
        gauges.Backlog = count;
    }

    public void Published(string source, string topic, double lagSeconds)
    {
        var tags = new TagList { { "source", source }, { "topic", topic } };
        _published.Add(1, tags);
        _lag.Record(Math.Max(0, lagSeconds), tags);
    }

    public void Failed(string source, string topic, string errorType) =>
        _failed.Add(1, new TagList { { "source", source }, { "topic", topic }, { "error_type", errorType } });

    public void Pruned(string source, long rows) => _pruned.Add(rows, new KeyValuePair<string, object?>("source", source));

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Tag(string source) => new("source", source);

    private sealed class SourceGauges
    {
        public volatile bool Leader;
        public double OldestAgeSeconds;
        public long? Backlog;
    }
}
