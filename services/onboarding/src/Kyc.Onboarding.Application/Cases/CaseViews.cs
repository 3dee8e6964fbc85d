using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Parties;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases;

// What partners (and operators) read. Serialised snake_case by the API.

public sealed record AddressView(string Line1, string? Line2, string City, string? Region, string PostalCode, string Country);

public sealed record CompanyView(string LegalName, string? TradingName, string? RegistrationNumber, string Jurisdiction, string EntityType,
    DateOnly? IncorporationDate, AddressView RegisteredAddress, string? IndustryCode, string? Website);

public sealed record IdentityDocumentView(string Type, string Number, string IssuingCountry, DateOnly? ExpiryDate);

public sealed record PartyView(Guid Id, string Type, IReadOnlyList<string> Roles, decimal? OwnershipPercentage,
    string? FullName, DateOnly? DateOfBirth, string? Nationality, string? CountryOfResidence, IdentityDocumentView? IdentityDocument,
    string? LegalName, string? RegistrationNumber, string? Jurisdiction);

public sealed record OperatorNoteView(string ReasonCode, string? Note, DateTimeOffset At);

public sealed record DecisionView(string Outcome, string ReasonCode, string? Note, DateTimeOffset DecidedAt);

public sealed record CaseView(string Id, string PartnerId, string Status, string Region, string? ExternalReference, CompanyView Company,
    IReadOnlyList<PartyView> Parties, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt,
    OperatorNoteView? InfoRequest, DecisionView? Decision);

public sealed record CaseSummaryView(string Id, string PartnerId, string Status, string? ExternalReference, string LegalName, string Jurisdiction,
    string EntityType, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public static class CaseViews
{
    public static CaseView ToView(this OnboardingCase c)
    {
        var co = c.Company;
        var a = co.RegisteredAddress;
        return new CaseView(c.Id.ToString(), c.PartnerId, Wire.Name(c.Status), c.Id.Region, c.ExternalReference,
            new CompanyView(co.LegalName, co.TradingName, co.RegistrationNumber, co.Jurisdiction, Wire.Name(co.EntityType), co.IncorporationDate,
                new AddressView(a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country), co.IndustryCode, co.Website),
            [.. c.Parties.Select(ToView)], c.Version, c.CreatedAt, c.UpdatedAt, c.SubmittedAt,
            c.InfoRequest is { } r ? new OperatorNoteView(r.ReasonCode, r.Note, r.At) : null,
            c.Decision is { } d ? new DecisionView(Wire.Name(c.Status == CaseStatus.Approved ? DecisionOutcome.Approved : DecisionOutcome.Rejected), d.ReasonCode, d.Note, d.At) : null);
    }

    public static PartyView ToView(this Party p)
    {
        var d = p.Details;
        var doc = d.Person?.IdentityDocument;
        return new PartyView(p.Id, Wire.Name(d.Type), [.. d.Roles.Select(Wire.Name)], d.OwnershipPercentage,
            d.Person?.FullName, d.Person?.DateOfBirth, d.Person?.Nationality, d.Person?.CountryOfResidence,
            doc is null ? null : new IdentityDocumentView(Wire.Name(doc.Type), doc.Number, doc.IssuingCountry, doc.ExpiryDate),
            d.Corporate?.LegalName, d.Corporate?.RegistrationNumber, d.Corporate?.Jurisdiction);
    }

    public static CaseSummaryView ToView(this Ports.CaseSummary s) =>
        new(s.Id.ToString(), s.PartnerId, Wire.Name(s.Status), s.ExternalReference, s.LegalName, s.Jurisdiction, s.EntityType, s.Version, s.CreatedAt, s.UpdatedAt);
}
