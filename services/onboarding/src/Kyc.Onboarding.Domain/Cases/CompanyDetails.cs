namespace Kyc.Onboarding.Domain.Cases;

public sealed record Address(string Line1, string? Line2, string City, string? Region, string PostalCode, string Country);

/// <summary>The corporate customer a case is about.</summary>
public sealed record CompanyDetails(
    string LegalName,
    string? TradingName,
    string? RegistrationNumber,
    string Jurisdiction,
    string EntityType,
    DateOnly? IncorporationDate,
    Address RegisteredAddress,
    string? IndustryCode,
    string? Website);
