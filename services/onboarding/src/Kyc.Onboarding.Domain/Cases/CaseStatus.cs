namespace Kyc.Onboarding.Domain.Cases;

/// <summary>Where a case is in its lifecycle; wire names (<c>in_review</c>, ...) from <c>Kyc.SharedKernel.Wire</c>.</summary>
public enum CaseStatus
{
    Draft,
    Submitted,
    InReview,
    InfoRequested,
    Approved,
    Rejected,
}
