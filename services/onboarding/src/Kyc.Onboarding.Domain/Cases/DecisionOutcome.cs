namespace Kyc.Onboarding.Domain.Cases;

/// <summary>An operator's decision on a case in review.</summary>
public enum DecisionOutcome
{
    Approved,
    Rejected,
}
