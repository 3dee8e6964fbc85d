namespace Kyc.Audit.Domain.Replay;

/// <summary>
/// Which recorded events a replay job re-publishes: every row with <c>seq</c> in (<see cref="AfterSeq"/>,
/// <see cref="UpToSeq"/>] that matches all the given filters (null = any). <see cref="UpToSeq"/> is fixed when the job is
/// created (the last row then, or lower), so a job has a definite range even while the log grows.
/// </summary>
public sealed record ReplayFilter(
    string? EventType,
    string? AggregateId,
    string? CorrelationId,
    string? PartnerId,
    DateTimeOffset? OccurredFrom,
    DateTimeOffset? OccurredTo,
    long AfterSeq,
    long UpToSeq);
