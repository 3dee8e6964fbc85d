using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Ports;

public sealed record CaseListFilter(CaseStatus? Status, string? ExternalReference, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo);

public sealed record CaseSummary(CaseId Id, string PartnerId, string? ExternalReference, CaseStatus Status, string LegalName, string Jurisdiction,
    string EntityType, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// Reads. A partner's query is scoped to that partner (the tenant); <c>partnerId</c> is null only for operators, who read
/// across partners.
/// </summary>
public interface ICaseQueries
{
    Task<OnboardingCase?> FindAsync(string? partnerId, CaseId id, CancellationToken ct);

    /// <summary>
    /// One page of the partner's (or, for operators, every partner's) cases over every region, newest first (created_at, then id, descending: stable while
    /// cases are added), and the total count. <paramref name="skip"/> + <paramref name="take"/> is bounded by the caller.
    /// </summary>
    Task<(IReadOnlyList<CaseSummary> Items, long Total)> ListAsync(string? partnerId, CaseListFilter filter, int skip, int take, CancellationToken ct);
}
