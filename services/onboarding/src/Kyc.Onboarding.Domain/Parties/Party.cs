namespace Kyc.Onboarding.Domain.Parties;

public enum PartyType
{
    NaturalPerson,
    Corporate,
}

public static class PartyRoles
{
    public const string Director = "director";
    public const string Ubo = "ubo";
    public const string Shareholder = "shareholder";
    public const string Signatory = "signatory";

    public static readonly IReadOnlyList<string> All = [Director, Ubo, Shareholder, Signatory];

    /// <summary>A beneficial owner is by definition a natural person; a company can hold shares or sit as a corporate director.</summary>
    public static readonly IReadOnlyList<string> AllowedForCorporate = [Shareholder, Director];
}

public sealed record IdentityDocument(string Type, string Number, string IssuingCountry, DateOnly? ExpiryDate);

public sealed record NaturalPerson(
    string FullName,
    DateOnly DateOfBirth,
    string Nationality,
    string CountryOfResidence,
    IdentityDocument? IdentityDocument);

public sealed record CorporateEntity(string LegalName, string? RegistrationNumber, string Jurisdiction);

/// <summary>What a partner says about a party; the case gives it an id when it is added.</summary>
public sealed record PartyDetails(
    PartyType Type,
    IReadOnlyList<string> Roles,
    decimal? OwnershipPercentage,
    NaturalPerson? Person,
    CorporateEntity? Corporate);

public sealed record Party(Guid Id, PartyDetails Details)
{
    public bool HasRole(string role) => Details.Roles.Contains(role);
}
