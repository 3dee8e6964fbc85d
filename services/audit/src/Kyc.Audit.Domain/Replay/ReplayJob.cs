using Kyc.SharedKernel;

namespace Kyc.Audit.Domain.Replay;

/// <summary>
/// A replay job: re-publish the rows its <see cref="Filter"/> selects, in seq order, to <see cref="TargetTopic"/> (a topic
/// of <see cref="ReplayTopics"/>' namespace) or, when it is null, each event to its producer's topic.
/// queued → running → completed | failed; queued or running → cancelled. Progress is recorded after each batch the
/// broker acknowledged (<see cref="LastPublishedSeq"/>), so a job interrupted by a restart resumes after it.
/// </summary>
public sealed class ReplayJob
{
    private ReplayJob(Guid id, ReplayFilter filter, string? targetTopic, string requestedBy, ReplayJobStatus status, long totalEvents,
        long publishedEvents, long lastPublishedSeq, DateTimeOffset createdAt, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, string? error)
    {
        Id = id;
        Filter = filter;
        TargetTopic = targetTopic;
        RequestedBy = requestedBy;
        Status = status;
        TotalEvents = totalEvents;
        PublishedEvents = publishedEvents;
        LastPublishedSeq = lastPublishedSeq;
        CreatedAt = createdAt;
        StartedAt = startedAt;
        FinishedAt = finishedAt;
        Error = error;
    }

    public Guid Id { get; }
    public ReplayFilter Filter { get; }
    /// <summary>A topic <c>kyc.replay.&lt;name&gt;</c>; null: each event to its producer's topic.</summary>
    public string? TargetTopic { get; }

    public bool ToOriginalTopics => TargetTopic is null;

    /// <summary>False for a job stored before targets were restricted (<see cref="ReplayTopics"/>): it must not run.</summary>
    public bool TargetIsAllowed => TargetTopic is null || ReplayTopics.IsReplayTopic(TargetTopic);
    /// <summary>The operator's client id.</summary>
    public string RequestedBy { get; }
    public ReplayJobStatus Status { get; private set; }
    /// <summary>How many rows the filter selected when the job was created.</summary>
    public long TotalEvents { get; }
    public long PublishedEvents { get; private set; }
    /// <summary>The seq of the last row whose re-publication the broker acknowledged (the filter's AfterSeq before the first).</summary>
    public long LastPublishedSeq { get; private set; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    /// <summary>Why a failed job failed (no event data, no personal data).</summary>
    public string? Error { get; private set; }

    public bool IsFinished => Status is ReplayJobStatus.Completed or ReplayJobStatus.Cancelled or ReplayJobStatus.Failed;

    /// <param name="targetTopic">A topic of the replay namespace, or null for each event's producer topic.</param>
    public static ReplayJob Create(Guid id, ReplayFilter filter, string? targetTopic, string requestedBy, long totalEvents, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (targetTopic is not null && !ReplayTopics.IsReplayTopic(targetTopic))
            throw new ArgumentException($"A replay job publishes to {ReplayTopics.Namespace}<name> or to each event's producer topic.", nameof(targetTopic));
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        ArgumentOutOfRangeException.ThrowIfNegative(totalEvents);
        return new ReplayJob(id, filter, targetTopic, requestedBy, ReplayJobStatus.Queued, totalEvents, 0, filter.AfterSeq, now, null, null, null);
    }

    /// <summary>A job as stored.</summary>
    public static ReplayJob Restore(Guid id, ReplayFilter filter, string? targetTopic, string requestedBy, ReplayJobStatus status, long totalEvents,
        long publishedEvents, long lastPublishedSeq, DateTimeOffset createdAt, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, string? error) =>
        new(id, filter, targetTopic, requestedBy, status, totalEvents, publishedEvents, lastPublishedSeq, createdAt, startedAt, finishedAt, error);

    /// <summary>A queued job starts; a running one (picked up again after a restart) carries on from its progress.</summary>
    public void Start(DateTimeOffset now)
    {
        if (Status == ReplayJobStatus.Running) return;
        if (Status != ReplayJobStatus.Queued) throw Finished("started");
        Status = ReplayJobStatus.Running;
        StartedAt = now;
    }

    /// <summary>The broker acknowledged a batch, up to and including row <paramref name="lastSeq"/>.</summary>
    public void RecordProgress(long lastSeq, int published)
    {
        if (Status != ReplayJobStatus.Running) throw new InvalidOperationException($"replay job {Id} is {Wire.Name(Status)}, not running");
        if (lastSeq <= LastPublishedSeq) throw new ArgumentOutOfRangeException(nameof(lastSeq), lastSeq, "progress only moves forward");
        ArgumentOutOfRangeException.ThrowIfNegative(published);
        LastPublishedSeq = lastSeq;
        PublishedEvents += published;
    }

    public void Complete(DateTimeOffset now)
    {
        if (Status != ReplayJobStatus.Running) throw new InvalidOperationException($"replay job {Id} is {Wire.Name(Status)}, not running");
        Status = ReplayJobStatus.Completed;
        FinishedAt = now;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        if (IsFinished) return;
        Status = ReplayJobStatus.Failed;
        Error = error;
        FinishedAt = now;
    }

    /// <summary>
    /// Cancels a queued or running job: nothing more is published after the batch in flight. Cancelling a cancelled job
    /// changes nothing; a completed or failed one cannot be cancelled (<see cref="AuditErrors.ReplayJobFinished"/>).
    /// </summary>
    /// <returns>Whether the job changed.</returns>
    public bool Cancel(DateTimeOffset now)
    {
        if (Status == ReplayJobStatus.Cancelled) return false;
        if (IsFinished) throw Finished("cancelled");
        Status = ReplayJobStatus.Cancelled;
        FinishedAt = now;
        return true;
    }

    private CodedException Finished(string action) =>
        new(AuditErrors.ReplayJobFinished, $"The replay job is already {Wire.Name(Status)} and cannot be {action}.");
}
