using FluentValidation;
using Kyc.Audit.Application.Common;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Replay;
using Kyc.SharedKernel;

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

public sealed class CreateReplayJobValidator : AbstractValidator<CreateReplayJobCommand>
{
    public CreateReplayJobValidator()
    {
        RuleFor(c => c.TargetTopic).Empty().When(c => c.OriginalTopics).WithMessage("Leave it out with original_topics: true.");
        RuleFor(c => c.TargetTopic).NotEmpty().Unless(c => c.OriginalTopics)
            .WithMessage($"Required: a topic {ReplayTopics.Namespace}<name>, or original_topics: true.")
            .Must(t => ReplayTopics.IsReplayTopic(t!))
            .Unless(c => c.OriginalTopics || string.IsNullOrEmpty(c.TargetTopic), ApplyConditionTo.CurrentValidator)
            .WithMessage($"Must be a topic of the replay namespace: {ReplayTopics.Namespace}<name>, <name> 1 to " +
                $"{ReplayTopics.MaxNameLength} of a-z, 0-9, '_', '-' (not 'events'). original_topics: true re-publishes each event to its producer's topic.");
        RuleFor(c => c.Filter!).ChildRules(f =>
        {
            f.RuleFor(x => x.EventType).MaximumLength(SearchLimits.MaxFilterLength).WithMessage(TooLong);
            f.RuleFor(x => x.AggregateId).MaximumLength(SearchLimits.MaxFilterLength).WithMessage(TooLong);
            f.RuleFor(x => x.CorrelationId).MaximumLength(SearchLimits.MaxFilterLength).WithMessage(TooLong);
            f.RuleFor(x => x.PartnerId).MaximumLength(SearchLimits.MaxFilterLength).WithMessage(TooLong);
            f.RuleFor(x => x.From).Must((x, from) => !(from >= x.To)).WithMessage("Must be before filter.to.");
            f.RuleFor(x => x.FromSeq).GreaterThanOrEqualTo(1).WithMessage("Must be 1 or more.")
                .Must((x, from) => !(from > x.ToSeq)).WithMessage("Must not be above filter.to_seq.");
            f.RuleFor(x => x.ToSeq).GreaterThanOrEqualTo(1).WithMessage("Must be 1 or more.");
        }).When(c => c.Filter is not null);
    }

    private static readonly string TooLong = $"At most {SearchLimits.MaxFilterLength} characters.";
}

/// <summary>
/// Creates a queued replay job. Its range is fixed now: rows from <c>from_seq</c> (default 1) to <c>to_seq</c> or the
/// last row of the log (whichever is lower), and the selected rows are counted in the same snapshot (the progress total).
/// </summary>
public sealed class CreateReplayJobHandler(TimeProvider clock) : ICommandHandler<CreateReplayJobCommand, IReplayJobSession, ReplayJob>
{
    public async Task<ReplayJob> HandleAsync(CreateReplayJobCommand command, IReplayJobSession jobs, CancellationToken ct)
    {
        var f = command.Filter ?? new ReplayFilterInput(null, null, null, null, null, null, null, null);
        var last = await jobs.LastSeqAsync(ct);
        var afterSeq = (f.FromSeq ?? 1) - 1;
        var upToSeq = Math.Min(f.ToSeq ?? last, last);
        var filter = new ReplayFilter(Blank(f.EventType), Blank(f.AggregateId), Blank(f.CorrelationId), Blank(f.PartnerId),
            f.From, f.To, afterSeq, Math.Max(upToSeq, afterSeq));
        var total = filter.UpToSeq > filter.AfterSeq ? await jobs.CountAsync(filter, ct) : 0;
        var job = ReplayJob.Create(Guid.CreateVersion7(), filter, command.OriginalTopics ? null : command.TargetTopic, command.RequestedBy, total, clock.Now());
        jobs.Add(job);
        return job;
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
