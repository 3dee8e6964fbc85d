using FluentValidation;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases.ListCases;

/// <summary>A page of cases; <paramref name="PartnerId"/> null only for operators (every partner's cases).</summary>
public sealed record ListCasesQuery(string? PartnerId, int? Page, int? PageSize, string? Status, string? ExternalReference,
    DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo)
{
    public int PageOrDefault => Page ?? 1;

    public int PageSizeOrDefault => PageSize ?? ListCasesHandler.DefaultPageSize;
}

public sealed record CasePage(IReadOnlyList<CaseSummaryView> Items, int Page, int PageSize, long Total);

public sealed class ListCasesValidator : AbstractValidator<ListCasesQuery>
{
    public ListCasesValidator()
    {
        RuleFor(q => q.PageOrDefault).GreaterThanOrEqualTo(1).OverridePropertyName("page").WithMessage("Must be 1 or more.");
        RuleFor(q => q.PageSizeOrDefault).InclusiveBetween(1, ListCasesHandler.MaxPageSize).OverridePropertyName("page_size")
            .WithMessage($"Must be between 1 and {ListCasesHandler.MaxPageSize}.");
        RuleFor(q => q).Must(q => (long)(q.PageOrDefault - 1) * q.PageSizeOrDefault < ListCasesHandler.MaxOffset)
            .When(q => q.PageOrDefault >= 1 && q.PageSizeOrDefault is >= 1 and <= ListCasesHandler.MaxPageSize)
            .OverridePropertyName("page").WithMessage($"Pages reach back at most {ListCasesHandler.MaxOffset} cases; narrow the list with filters.");
        RuleFor(q => q.Status).Must(s => s is null || Wire.IsName<CaseStatus>(s)).WithMessage(Wire.OneOf<CaseStatus>());
        RuleFor(q => q.CreatedFrom).Must((q, from) => !(from > q.CreatedTo)).WithMessage("Must not be after created_to.");
        RuleFor(q => q.ExternalReference).MaximumLength(100).WithMessage("At most 100 characters.");
    }
}

public sealed class ListCasesHandler(ICaseQueries queries) : IQueryHandler<ListCasesQuery, CasePage>
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;
    /// <summary>Deep offset pagination is bounded; narrow with filters (created range, status) to go further back.</summary>
    public const int MaxOffset = 10_000;

    public async Task<CasePage> HandleAsync(ListCasesQuery query, CancellationToken ct)
    {
        var (page, size) = (query.PageOrDefault, query.PageSizeOrDefault);
        CaseStatus? status = query.Status is null ? null : Wire.Parse<CaseStatus>(query.Status);
        var (items, total) = await queries.ListAsync(query.PartnerId,
            new CaseListFilter(status, query.ExternalReference, query.CreatedFrom, query.CreatedTo), (page - 1) * size, size, ct);
        return new CasePage([.. items.Select(i => i.ToView())], page, size, total);
    }
}
