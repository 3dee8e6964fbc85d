using Kyc.Audit.Domain.Log;
using Kyc.Audit.Domain.Replay;

namespace Kyc.Audit.Application.Ports;

/// <summary>Filters of an event search (null = any); <c>OccurredFrom</c> inclusive, <c>OccurredTo</c> exclusive.</summary>
public sealed record AuditEventFilter(
    string? AggregateId,
    string? CorrelationId,
    string? EventType,
    string? PartnerId,
    DateTimeOffset? OccurredFrom,
    DateTimeOffset? OccurredTo);

public sealed record TypeCount(string EventType, long Events);

public sealed record DayCount(DateOnly Day, long Events);

public sealed record TopicActivity(string Topic, long Events, long LastSeq, DateTimeOffset LastOccurredAt, DateTimeOffset LastRecordedAt);

/// <summary>The chain's end: its last row (0 and no hash for an empty log).</summary>
public sealed record ChainHead(long Seq, byte[]? Hash, DateTimeOffset? RecordedAt);

/// <summary>Reads of the audit log. Rows are never changed, so every read is consistent by construction.</summary>
public interface IAuditLog
{
    /// <summary>Rows matching <paramref name="filter"/> with seq above <paramref name="afterSeq"/>, in seq order, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditEventFilter filter, long afterSeq, int take, CancellationToken ct);

    Task<AuditRecord?> FindAsync(Guid eventId, CancellationToken ct);

    /// <summary>Rows with seq above <paramref name="afterSeq"/>, in seq order, at most <paramref name="take"/>: the chain, for verification.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadChainAsync(long afterSeq, int take, CancellationToken ct);

    Task<ChainHead> HeadAsync(CancellationToken ct);

    /// <summary>Events per type and per UTC day of <c>occurred_at</c> in [<paramref name="from"/>, <paramref name="to"/>) (days: whole days touched).</summary>
    Task<(IReadOnlyList<TypeCount> PerType, IReadOnlyList<DayCount> PerDay)> CountsAsync(DateOnly from, DateOnly to, CancellationToken ct);

    /// <summary>Per topic ever read: events recorded and when the last one occurred and was recorded.</summary>
    Task<IReadOnlyList<TopicActivity>> TopicsAsync(CancellationToken ct);

    /// <summary>Rows a replay filter selects, in seq order after <paramref name="afterSeq"/>, at most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReplayBatchAsync(ReplayFilter filter, long afterSeq, int take, CancellationToken ct);
}
