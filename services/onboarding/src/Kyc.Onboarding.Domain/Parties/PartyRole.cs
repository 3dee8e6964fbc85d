namespace Kyc.Onboarding.Domain.Parties;

/// <summary>A party's roles in the company; wire names (<c>ubo</c>, ...) from <c>Kyc.SharedKernel.Wire</c>.</summary>
public enum PartyRole
{
    Director,
    Ubo,
    Shareholder,
    Signatory,
}
