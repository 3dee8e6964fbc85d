using Kyc.Audit.Application.Common;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Replay;

namespace Kyc.Audit.Application.ReplayJobs;

/// <summary>Which recorded events to re-publish (every field optional; all given ones must match).</summary>
public sealed record ReplayFilterInput(
    string? EventType,
    string? AggregateId,
    string? CorrelationId,
    string? PartnerId,
    DateTimeOffset? From,
    DateTimeOffset? To,
    long? FromSeq,
    long? ToSeq);

/// <param name="TargetTopic">A topic <c>kyc.replay.&lt;name&gt;</c>; or null with <paramref name="OriginalTopics"/>.</param>
/// <param name="OriginalTopics">Each event to its producer's topic (asked for explicitly, never a default).</param>
public sealed record CreateReplayJobCommand(string? TargetTopic, ReplayFilterInput? Filter, string RequestedBy, bool OriginalTopics = false);

/// <summary>
/// Creates a queued replay job. Its range is fixed now: rows from <c>from_seq</c> (default 1) to <c>to_seq</c> or the
/// last row of the log (whichever is lower), and the selected rows are counted in the same snapshot (the progress total).
/// </summary>
public sealed class CreateReplayJobHandler(TimeProvider clock, IReplayWakeUp wakeUp)
{
    /// <summary>Checks the request before any transaction is opened.</summary>
    public void Validate(CreateReplayJobCommand command)
    {
        var errors = new FieldErrors();
        if (command.OriginalTopics)
        {
            if (!string.IsNullOrEmpty(command.TargetTopic)) errors.Add("target_topic", "Leave it out with original_topics: true.");
        }
        else if (string.IsNullOrEmpty(command.TargetTopic))
        {
            errors.Add("target_topic", $"Required: a topic {ReplayTopics.Namespace}<name>, or original_topics: true.");
        }
        else if (!ReplayTopics.IsReplayTopic(command.TargetTopic))
        {
            errors.Add("target_topic", $"Must be a topic of the replay namespace: {ReplayTopics.Namespace}<name>, <name> 1 to " +
                $"{ReplayTopics.MaxNameLength} of a-z, 0-9, '_', '-' (not 'events'). original_topics: true re-publishes each event to its producer's topic.");
        }
        if (command.Filter is { } f)
        {
            errors.MaxLength("filter.event_type", f.EventType, SearchLimits.MaxFilterLength);
            errors.MaxLength("filter.aggregate_id", f.AggregateId, SearchLimits.MaxFilterLength);
            errors.MaxLength("filter.correlation_id", f.CorrelationId, SearchLimits.MaxFilterLength);
            errors.MaxLength("filter.partner_id", f.PartnerId, SearchLimits.MaxFilterLength);
            if (f.From is { } from && f.To is { } to && from >= to) errors.Add("filter.from", "Must be before filter.to.");
            if (f.FromSeq is < 1) errors.Add("filter.from_seq", "Must be 1 or more.");
            if (f.ToSeq is < 1) errors.Add("filter.to_seq", "Must be 1 or more.");
            if (f.FromSeq is { } fs && f.ToSeq is { } ts && fs > ts) errors.Add("filter.from_seq", "Must not be above filter.to_seq.");
        }
        errors.ThrowIfAny();
    }

    public async Task<ReplayJob> ExecuteAsync(CreateReplayJobCommand command, IReplayJobCreation creation, CancellationToken ct)
    {
        Validate(command);
        var f = command.Filter ?? new ReplayFilterInput(null, null, null, null, null, null, null, null);
        var last = await creation.LastSeqAsync(ct);
        var afterSeq = (f.FromSeq ?? 1) - 1;
        var upToSeq = Math.Min(f.ToSeq ?? last, last);
        var filter = new ReplayFilter(Blank(f.EventType), Blank(f.AggregateId), Blank(f.CorrelationId), Blank(f.PartnerId),
            f.From, f.To, afterSeq, Math.Max(upToSeq, afterSeq));
        var total = filter.UpToSeq > filter.AfterSeq ? await creation.CountAsync(filter, ct) : 0;
        var job = ReplayJob.Create(Guid.CreateVersion7(), filter, command.OriginalTopics ? null : command.TargetTopic, command.RequestedBy, total, clock.Now());
        await creation.InsertAsync(job, ct);
        return job;
    }

    /// <summary>After the creating transaction committed: the local worker need not wait for its next poll.</summary>
    public void Committed() => wakeUp.Signal();

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
