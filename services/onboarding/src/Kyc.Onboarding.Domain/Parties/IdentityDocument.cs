namespace Kyc.Onboarding.Domain.Parties;

public sealed record IdentityDocument(string Type, string Number, string IssuingCountry, DateOnly? ExpiryDate);
