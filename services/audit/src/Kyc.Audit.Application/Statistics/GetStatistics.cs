using FluentValidation;
using Kyc.Audit.Application.Ports;
using Kyc.SharedKernel;

namespace Kyc.Audit.Application.Statistics;

public sealed record StatisticsQuery(DateOnly? From, DateOnly? To)
{
    /// <summary>The days asked for: 30 days up to <c>to</c> (default today), or from <c>from</c> (at most up to today).</summary>
    public (DateOnly From, DateOnly To) Range(DateOnly today)
    {
        var to = To ?? (From is { } f ? (f.AddDays(GetStatisticsHandler.DefaultDays - 1) is var end && end < today ? end : today) : today);
        return (From ?? to.AddDays(-(GetStatisticsHandler.DefaultDays - 1)), to);
    }
}

public sealed class StatisticsValidator : AbstractValidator<StatisticsQuery>
{
    public StatisticsValidator(TimeProvider clock) =>
        RuleFor(q => q.From).Custom((_, context) =>
        {
            var (from, to) = context.InstanceToValidate.Range(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            if (from > to) context.AddFailure("from", "Must not be after to.");
            else if (to.DayNumber - from.DayNumber + 1 > GetStatisticsHandler.MaxDays)
                context.AddFailure("from", $"The range spans at most {GetStatisticsHandler.MaxDays} days.");
        });
}

public sealed record TypeCountView(string EventType, long Events);

public sealed record DayCountView(DateOnly Day, long Events);

public sealed record TopicView(string Topic, long Events, long LastSeq, DateTimeOffset LastOccurredAt, DateTimeOffset LastRecordedAt);

/// <summary>
/// Totals of the whole log (rows, last seq, last recorded), events per type and per UTC day of occurrence within
/// [from, to] (whole days), and per topic when the last event was read.
/// </summary>
public sealed record StatisticsView(
    long TotalEvents,
    long LastSeq,
    DateTimeOffset? LastRecordedAt,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<TypeCountView> EventsPerType,
    IReadOnlyList<DayCountView> EventsPerDay,
    IReadOnlyList<TopicView> Topics);

public sealed class GetStatisticsHandler(IAuditLog log, TimeProvider clock) : IQueryHandler<StatisticsQuery, StatisticsView>
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;

    public async Task<StatisticsView> HandleAsync(StatisticsQuery query, CancellationToken ct)
    {
        var (from, to) = query.Range(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

        var head = await log.HeadAsync(ct);
        var (perType, perDay) = await log.CountsAsync(from, to, ct);
        var topics = await log.TopicsAsync(ct);
        return new StatisticsView(head.Seq, head.Seq, head.RecordedAt, from, to,
            [.. perType.Select(t => new TypeCountView(t.EventType, t.Events))],
            [.. perDay.Select(d => new DayCountView(d.Day, d.Events))],
            [.. topics.Select(t => new TopicView(t.Topic, t.Events, t.LastSeq, t.LastOccurredAt, t.LastRecordedAt))]);
    }
}
