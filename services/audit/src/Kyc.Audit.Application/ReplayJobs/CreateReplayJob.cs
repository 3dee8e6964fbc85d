using System.Text.RegularExpressions;
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

public sealed record CreateReplayJobCommand(string? TargetTopic, ReplayFilterInput? Filter, string RequestedBy);

public sealed partial class CreateReplayJobValidator : AbstractValidator<CreateReplayJobCommand>
{
    public const int MaxTopicLength = 249;

    public CreateReplayJobValidator()
    {
        RuleFor(c => c.TargetTopic).NotEmpty().WithMessage("Required.")
            .Must(t => t!.Length <= MaxTopicLength && TopicName().IsMatch(t) && t is not ("." or ".."))
            .WithMessage($"A Kafka topic name: 1 to {MaxTopicLength} characters of A-Z, a-z, 0-9, '.', '_', '-'.");
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

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TopicName();
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
        var job = ReplayJob.Create(Guid.CreateVersion7(), filter, command.TargetTopic!, command.RequestedBy, total, clock.Now());
        jobs.Add(job);
        return job;
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
