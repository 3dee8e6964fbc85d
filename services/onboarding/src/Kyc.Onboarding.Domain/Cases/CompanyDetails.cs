namespace Kyc.Onboarding.Domain.Cases;

/// <summary>The corporate customer a case is about.</summary>
public sealed record CompanyDetails(
    string LegalName,
    string? TradingName,
    string? RegistrationNumber,
    string Jurisdiction,
    EntityType EntityType,
    DateOnly? IncorporationDate,
    Address RegisteredAddress,
    string? IndustryCode,
    string? Website);
