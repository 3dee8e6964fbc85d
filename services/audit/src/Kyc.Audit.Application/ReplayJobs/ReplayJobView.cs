using Kyc.Audit.Domain.Replay;
using Kyc.SharedKernel;

namespace Kyc.Audit.Application.ReplayJobs;

public sealed record ReplayFilterView(
    string? EventType,
    string? AggregateId,
    string? CorrelationId,
    string? PartnerId,
    DateTimeOffset? From,
    DateTimeOffset? To,
    long FromSeq,
    long ToSeq);

/// <summary>Progress: how many of the selected events the broker has acknowledged, and the last seq published.</summary>
public sealed record ReplayProgressView(long TotalEvents, long PublishedEvents, long LastPublishedSeq, double Percent);

public sealed record ReplayJobView(
    Guid Id,
    string Status,
    string? TargetTopic,
    bool OriginalTopics,
    ReplayFilterView Filter,
    ReplayProgressView Progress,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error)
{
    public static ReplayJobView From(ReplayJob job)
    {
        var f = job.Filter;
        var percent = job.TotalEvents == 0
            ? (job.Status == ReplayJobStatus.Completed ? 100 : 0)
            : Math.Round(100.0 * job.PublishedEvents / job.TotalEvents, 1);
        return new ReplayJobView(job.Id, Wire.Name(job.Status), job.TargetTopic, job.ToOriginalTopics,
            new ReplayFilterView(f.EventType, f.AggregateId, f.CorrelationId, f.PartnerId, f.OccurredFrom, f.OccurredTo, f.AfterSeq + 1, f.UpToSeq),
            new ReplayProgressView(job.TotalEvents, job.PublishedEvents, job.LastPublishedSeq, percent),
            job.RequestedBy, job.CreatedAt, job.StartedAt, job.FinishedAt, job.Error);
    }
}
