namespace Kyc.Onboarding.Domain.Parties;

/// <summary>Kinds of party; wire names (<c>natural_person</c>, ...) from <c>Kyc.SharedKernel.Wire</c>.</summary>
public enum PartyType
{
    NaturalPerson,
    Corporate,
}
