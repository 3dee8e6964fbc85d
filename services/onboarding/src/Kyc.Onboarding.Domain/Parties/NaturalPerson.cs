namespace Kyc.Onboarding.Domain.Parties;

public sealed record NaturalPerson(
    string FullName,
    DateOnly DateOfBirth,
    string Nationality,
    string CountryOfResidence,
    IdentityDocument? IdentityDocument);
