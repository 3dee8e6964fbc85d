using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Parties;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases;

/// <summary>Turns validated inputs into domain values (call only after the validators passed).</summary>
public static class CaseInputMapping
{
    public static CompanyDetails ToDomain(this CompanyInput c)
    {
        var a = c.RegisteredAddress!;
        return new CompanyDetails(c.LegalName!, Blank(c.TradingName), Blank(c.RegistrationNumber), c.Jurisdiction!, Wire.Parse<EntityType>(c.EntityType!),
            DateRules.ParseOptional(c.IncorporationDate),
            new Address(a.Line1!, Blank(a.Line2), a.City!, Blank(a.Region), a.PostalCode!, a.Country!),
            Blank(c.IndustryCode), Blank(c.Website));
    }

    public static PartyDetails ToDomain(this PartyInput p)
    {
        var roles = p.Roles!.Select(Wire.Parse<PartyRole>).ToArray();
        if (Wire.Parse<PartyType>(p.Type!) == PartyType.Corporate)
            return new PartyDetails(PartyType.Corporate, roles, p.OwnershipPercentage, null,
                new CorporateEntity(p.LegalName!, Blank(p.RegistrationNumber), p.Jurisdiction!));
        var document = p.IdentityDocument is { } d
            ? new IdentityDocument(Wire.Parse<IdentityDocumentType>(d.Type!), d.Number!, d.IssuingCountry!, DateRules.ParseOptional(d.ExpiryDate))
            : null;
        return new PartyDetails(PartyType.NaturalPerson, roles, p.OwnershipPercentage,
            new NaturalPerson(p.FullName!, DateRules.ParseOptional(p.DateOfBirth)!.Value, p.Nationality!, p.CountryOfResidence!, document), null);
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
