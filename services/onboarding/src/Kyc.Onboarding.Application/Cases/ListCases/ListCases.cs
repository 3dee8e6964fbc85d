using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Cases.ListCases;

/// <summary>A page of cases; <paramref name="PartnerId"/> null only for operators (every partner's cases).</summary>
public sealed record ListCasesQuery(string? PartnerId, int? Page, int? PageSize, string? Status, string? ExternalReference,
    DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo);

public sealed record CasePage(IReadOnlyList<CaseSummaryView> Items, int Page, int PageSize, long Total);

public sealed class ListCasesHandler(ICaseQueries queries)
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;
    /// <summary>Deep offset pagination is bounded; narrow with filters (created range, status) to go further back.</summary>
    public const int MaxOffset = 10_000;

    public async Task<CasePage> HandleAsync(ListCasesQuery query, CancellationToken ct)
    {
        var page = query.Page ?? 1;
        var size = query.PageSize ?? DefaultPageSize;
        var errors = new Dictionary<string, string[]>();
        if (page < 1) errors["page"] = ["Must be 1 or more."];
        if (size is < 1 or > MaxPageSize) errors["page_size"] = [$"Must be between 1 and {MaxPageSize}."];
        else if ((long)(page - 1) * size >= MaxOffset) errors["page"] = [$"Pages reach back at most {MaxOffset} cases; narrow the list with filters."];
        CaseStatus? status = null;
        if (query.Status is not null)
        {
            if (CaseStatusNames.TryParse(query.Status, out var parsed)) status = parsed;
            else errors["status"] = ["Must be one of: " + string.Join(", ", Enum.GetValues<CaseStatus>().Select(s => s.ToWire())) + "."];
        }
        if (query.CreatedFrom > query.CreatedTo) errors["created_from"] = ["Must not be after created_to."];
        if (query.ExternalReference is { Length: > 100 }) errors["external_reference"] = ["At most 100 characters."];
        if (errors.Count > 0) throw Validation.Failed(errors);

        var (items, total) = await queries.ListAsync(query.PartnerId,
            new CaseListFilter(status, query.ExternalReference, query.CreatedFrom, query.CreatedTo), (page - 1) * size, size, ct);
        return new CasePage([.. items.Select(i => i.ToView())], page, size, total);
    }
}
