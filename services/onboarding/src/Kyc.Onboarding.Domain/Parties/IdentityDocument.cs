namespace Kyc.Onboarding.Domain.Parties;

public sealed record IdentityDocument(IdentityDocumentType Type, string Number, string IssuingCountry, DateOnly? ExpiryDate);
