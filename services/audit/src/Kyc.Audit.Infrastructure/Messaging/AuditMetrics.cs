using System.Diagnostics.Metrics;
using Kyc.Audit.Domain.Log;

namespace Kyc.Audit.Infrastructure.Messaging;

/// <summary>Meter <c>Kyc.Audit</c>: appended, rejected and duplicate events; end-to-end lag; the chain's last seq; verification outcomes.</summary>
public sealed class AuditMetrics
{
    public const string MeterName = "Kyc.Audit";

    private readonly Counter<long> _appended;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _duplicates;
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _verifications;
    private readonly Counter<long> _replayed;
    private long _lastSeq;

    public AuditMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(new MeterOptions(MeterName));
        _appended = meter.CreateCounter<long>("kyc.audit.events.appended", "{event}", "Events appended to the audit chain, per type and topic.");
        _rejected = meter.CreateCounter<long>("kyc.audit.events.rejected", "{event}", "Events refused (unknown type, schema-invalid, unstorable) and dead-lettered.");
        _duplicates = meter.CreateCounter<long>("kyc.audit.events.duplicates", "{event}", "Events whose id the log already held.");
        _lag = meter.CreateHistogram<double>("kyc.audit.ingest.lag", "s", "Time from an event's occurrence to its append.");
        _verifications = meter.CreateCounter<long>("kyc.audit.chain.verifications", "{run}", "Chain verifications, per outcome (verified, broken).");
        _replayed = meter.CreateCounter<long>("kyc.audit.replay.published", "{event}", "Events re-published by replay jobs.");
        meter.CreateObservableGauge("kyc.audit.chain.last_seq", () => Interlocked.Read(ref _lastSeq), "{row}", "The last seq this instance appended.");
    }

    public void Appended(string eventType, string? topic, AuditEntry entry)
    {
        _appended.Add(1, new("event_type", eventType), new("topic", topic ?? ""));
        _lag.Record(Math.Max(0, (entry.RecordedAt - entry.OccurredAt).TotalSeconds), new KeyValuePair<string, object?>("topic", topic ?? ""));
    }

    public void AppendedSeq(long seq) => Interlocked.Exchange(ref _lastSeq, seq);

    public void Rejected(string eventType, string? topic) =>
        _rejected.Add(1, new("event_type", Kyc.Contracts.EventRegistry.Find(eventType) is null ? "unknown" : eventType), new("topic", topic ?? ""));

    public void Duplicate(string? topic) => _duplicates.Add(1, new KeyValuePair<string, object?>("topic", topic ?? ""));

    public void Verified(bool ok) => _verifications.Add(1, new KeyValuePair<string, object?>("outcome", ok ? "verified" : "broken"));

    public void Replayed(string topic, int count) => _replayed.Add(count, new KeyValuePair<string, object?>("topic", topic));
}
