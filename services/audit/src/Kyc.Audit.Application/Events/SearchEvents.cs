using System.Globalization;
using System.Text;
using Kyc.Audit.Application.Common;
using FluentValidation;
using Kyc.Audit.Application.Ports;
using Kyc.SharedKernel;

namespace Kyc.Audit.Application.Events;

public sealed record SearchEventsQuery(
    string? AggregateId,
    string? CorrelationId,
    string? EventType,
    string? PartnerId,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? Cursor,
    int? Limit);

public sealed class SearchEventsValidator : AbstractValidator<SearchEventsQuery>
{
    public SearchEventsValidator()
    {
        const int max = SearchLimits.MaxFilterLength;
        RuleFor(q => q.Limit).InclusiveBetween(1, SearchEventsHandler.MaxLimit).WithMessage($"Must be between 1 and {SearchEventsHandler.MaxLimit}.");
        RuleFor(q => q.AggregateId).MaximumLength(max).WithMessage($"At most {max} characters.");
        RuleFor(q => q.CorrelationId).MaximumLength(max).WithMessage($"At most {max} characters.");
        RuleFor(q => q.EventType).MaximumLength(max).WithMessage($"At most {max} characters.");
        RuleFor(q => q.PartnerId).MaximumLength(max).WithMessage($"At most {max} characters.");
        RuleFor(q => q.From).Must((q, from) => !(from >= q.To)).WithMessage("Must be before to.");
        RuleFor(q => q.Cursor).Must(c => c is null || EventCursor.TryDecode(c, out _))
            .WithMessage("Not a cursor of this API: pass next_cursor from a previous page unchanged.");
    }
}

/// <summary>One page: the rows and, when there may be more, the cursor of the next page.</summary>
public sealed record EventPage(IReadOnlyList<AuditEventView> Items, string? NextCursor, int Limit);

/// <summary>
/// Searches the log in seq order (the order events were recorded) with keyset pagination: the cursor is the opaque
/// encoding of the last seq of the previous page, so pages stay stable while the log grows and deep pages cost the same.
/// </summary>
public sealed class SearchEventsHandler(IAuditLog log) : IQueryHandler<SearchEventsQuery, EventPage>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    public const int MaxFilterLength = SearchLimits.MaxFilterLength;

    public async Task<EventPage> HandleAsync(SearchEventsQuery query, CancellationToken ct)
    {
        var limit = query.Limit ?? DefaultLimit;
        long afterSeq = 0;
        if (query.Cursor is not null) EventCursor.TryDecode(query.Cursor, out afterSeq);

        var filter = new AuditEventFilter(Blank(query.AggregateId), Blank(query.CorrelationId), Blank(query.EventType), Blank(query.PartnerId),
            query.From, query.To);
        var rows = await log.SearchAsync(filter, afterSeq, limit + 1, ct);
        var page = rows.Take(limit).Select(AuditEventView.From).ToList();
        return new EventPage(page, rows.Count > limit ? EventCursor.Encode(page[^1].Seq) : null, limit);
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>The opaque cursor: base64url of <c>seq:&lt;last seq&gt;</c>.</summary>
public static class EventCursor
{
    private const string Prefix = "seq:";

    public static string Encode(long lastSeq) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(Prefix + lastSeq.ToString(CultureInfo.InvariantCulture)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string cursor, out long lastSeq)
    {
        lastSeq = 0;
        if (cursor.Length is 0 or > 64) return false;
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var bytes = new byte[48];
        if (!Convert.TryFromBase64String(base64, bytes, out var written)) return false;
        var text = Encoding.ASCII.GetString(bytes, 0, written);
        return text.StartsWith(Prefix, StringComparison.Ordinal) &&
               long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out lastSeq) && lastSeq >= 1;
    }
}
