namespace Kyc.Onboarding.Application.Cases;

// What partners send. Every field is nullable and dates are strings so that anything wrong becomes a field-level
// validation error (with the field's path) rather than a failure to read the body.

public sealed record AddressInput(string? Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country);

public sealed record CompanyInput(
    string? LegalName,
    string? TradingName,
    string? RegistrationNumber,
    string? Jurisdiction,
    string? EntityType,
    string? IncorporationDate,
    AddressInput? RegisteredAddress,
    string? IndustryCode,
    string? Website);

public sealed record IdentityDocumentInput(string? Type, string? Number, string? IssuingCountry, string? ExpiryDate);

/// <summary>A party: <c>type</c> natural_person (full_name, date_of_birth, nationality, country_of_residence,
/// identity_document) or corporate (legal_name, registration_number, jurisdiction); roles and ownership for both.</summary>
public sealed record PartyInput(
    string? Type,
    IReadOnlyList<string>? Roles,
    decimal? OwnershipPercentage,
    string? FullName,
    string? DateOfBirth,
    string? Nationality,
    string? CountryOfResidence,
    IdentityDocumentInput? IdentityDocument,
    string? LegalName,
    string? RegistrationNumber,
    string? Jurisdiction);
