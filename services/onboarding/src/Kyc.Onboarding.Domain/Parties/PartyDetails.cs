namespace Kyc.Onboarding.Domain.Parties;

/// <summary>What a partner says about a party; the case gives it an id when it is added.</summary>
public sealed record PartyDetails(
    PartyType Type,
    IReadOnlyList<PartyRole> Roles,
    decimal? OwnershipPercentage,
    NaturalPerson? Person,
    CorporateEntity? Corporate);
