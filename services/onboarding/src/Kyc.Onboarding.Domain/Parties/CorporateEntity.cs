namespace Kyc.Onboarding.Domain.Parties;

public sealed record CorporateEntity(string LegalName, string? RegistrationNumber, string Jurisdiction);
