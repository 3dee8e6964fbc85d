using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Ports;

public sealed record CaseListFilter(CaseStatus? Status, string? ExternalReference, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo);

public sealed record CaseSummary(CaseId Id, string? ExternalReference, CaseStatus Status, string LegalName, string Jurisdiction,
    string EntityType, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Reads for partners; every query is scoped to one partner (the tenant).</summary>
public interface ICaseQueries
{
    Task<OnboardingCase?> FindAsync(string partnerId, CaseId id, CancellationToken ct);

    /// <summary>
    /// One page of the partner's cases over every region, newest first (created_at, then id, descending: stable while
    /// cases are added), and the total count. <paramref name="skip"/> + <paramref name="take"/> is bounded by the caller.
    /// </summary>
    Task<(IReadOnlyList<CaseSummary> Items, long Total)> ListAsync(string partnerId, CaseListFilter filter, int skip, int take, CancellationToken ct);
}
