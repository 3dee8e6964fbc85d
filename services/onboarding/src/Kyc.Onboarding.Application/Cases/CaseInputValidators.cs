using FluentValidation;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Common;
using Kyc.Onboarding.Domain.Parties;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases;

public static class ExternalReferenceRule
{
    /// <summary>The partner's own reference: absent, or 1 to 100 characters of letters, digits and <c>. _ : / -</c>.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeExternalReference<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => v is null || (v.Length is > 0 and <= 100 && TextRules.ExternalReference().IsMatch(v)))
            .WithMessage("1 to 100 characters: letters, digits and . _ : / -");
}

public sealed class AddressInputValidator : AbstractValidator<AddressInput>
{
    public AddressInputValidator()
    {
        RuleFor(a => a.Line1).NotEmpty().MaximumLength(200).Must(TextRules.HasNoControlCharacters).WithMessage("Must not contain control characters.");
        RuleFor(a => a.Line2).MaximumLength(200).Must(TextRules.HasNoControlCharacters).WithMessage("Must not contain control characters.");
        RuleFor(a => a.City).NotEmpty().MaximumLength(100).Must(TextRules.HasNoControlCharacters).WithMessage("Must not contain control characters.");
        RuleFor(a => a.Region).MaximumLength(100).Must(TextRules.HasNoControlCharacters).WithMessage("Must not contain control characters.");
        RuleFor(a => a.PostalCode).NotEmpty().MaximumLength(20).Matches(TextRules.PostalCode()).WithMessage("Letters, digits, spaces and hyphens only.");
        RuleFor(a => a.Country).NotEmpty().Must(CountryCodes.IsValid).WithMessage("Must be an ISO 3166-1 alpha-2 country code such as DE or US.");
    }
}

public sealed class CompanyInputValidator : AbstractValidator<CompanyInput>
{
    public CompanyInputValidator(TimeProvider clock)
    {
        RuleFor(c => c.LegalName).NotEmpty().MaximumLength(300).Must(TextRules.IsOrganisationName)
            .WithMessage("Letters of any script, digits, spaces and common punctuation; no control characters.").Must(TextRules.IsTrimmed)
            .WithMessage("Must not start or end with spaces.");
        RuleFor(c => c.TradingName).MaximumLength(300).Must(n => n is null || TextRules.IsOrganisationName(n))
            .WithMessage("Letters of any script, digits, spaces and common punctuation; no control characters.");
        RuleFor(c => c.RegistrationNumber).MaximumLength(50).Matches(TextRules.RegistrationNumber())
            .WithMessage("Letters, digits, spaces, '.', '/' and '-' only.");
        RuleFor(c => c.Jurisdiction).NotEmpty().Must(CountryCodes.IsValid).WithMessage("Must be an ISO 3166-1 alpha-2 country code such as DE or US.");
        RuleFor(c => c.EntityType).NotEmpty().Must(Wire.IsName<EntityType>).WithMessage(Wire.OneOf<EntityType>());
        RuleFor(c => c.IncorporationDate).Must(d => d is null || DateRules.IsPastDate(d, new DateOnly(1600, 1, 1), clock))
            .WithMessage("Must be a date (yyyy-MM-dd) after 1600-01-01 and not in the future.");
        RuleFor(c => c.RegisteredAddress).NotNull().SetValidator(new AddressInputValidator()!);
        RuleFor(c => c.IndustryCode).Matches(TextRules.IndustryCode()).WithMessage("An industry classification code such as 62.01 (NACE) or 541511 (NAICS).");
        RuleFor(c => c.Website).MaximumLength(200).Must(BeHttpUrl).WithMessage("Must be an absolute http or https URL.");
        When(c => Wire.IsName<EntityType>(c.EntityType), () =>
        {
            RuleFor(c => c.TradingName).NotEmpty().When(c => Wire.Parse<EntityType>(c.EntityType!).RequiresTradingName())
                .WithMessage(c => $"Required for a {c.EntityType}.");
        });
    }

    private static bool BeHttpUrl(string? value) =>
        value is null || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !string.IsNullOrEmpty(uri.Host));
}

public sealed class PartyInputValidator : AbstractValidator<PartyInput>
{
    public PartyInputValidator(TimeProvider clock)
    {
        RuleFor(p => p.Type).NotEmpty().Must(Wire.IsName<PartyType>).WithMessage($"Must be {string.Join(" or ", Wire.Names<PartyType>())}.");
        RuleFor(p => p.Roles).NotEmpty().WithMessage("At least one role.")
            .Must(r => r is null || r.Distinct().Count() == r.Count).WithMessage("Each role at most once.");
        RuleForEach(p => p.Roles).Must(Wire.IsName<PartyRole>).WithMessage(Wire.OneOf<PartyRole>());
        RuleFor(p => p.OwnershipPercentage).InclusiveBetween(0, 100).PrecisionScale(5, 2, true);
        RuleFor(p => p.OwnershipPercentage).NotNull().When(p => p.Roles?.Contains(Wire.Name(PartyRole.Shareholder)) == true)
            .WithMessage("Required for a shareholder.");

        When(p => Is(p, PartyType.NaturalPerson), () =>
        {
            RuleFor(p => p.FullName).NotEmpty().MaximumLength(200).Must(TextRules.IsPersonName)
                .WithMessage("Letters of any script, spaces, apostrophes, hyphens and periods; no control characters.")
                .Must(TextRules.IsTrimmed).WithMessage("Must not start or end with spaces.");
            RuleFor(p => p.DateOfBirth).NotEmpty().Must(d => DateRules.IsPastDate(d, new DateOnly(1900, 1, 1), clock))
                .WithMessage("Must be a date (yyyy-MM-dd) after 1900-01-01 and not in the future.");
            RuleFor(p => p.Nationality).NotEmpty().Must(CountryCodes.IsValid).WithMessage("Must be an ISO 3166-1 alpha-2 country code.");
            RuleFor(p => p.CountryOfResidence).NotEmpty().Must(CountryCodes.IsValid).WithMessage("Must be an ISO 3166-1 alpha-2 country code.");
            RuleFor(p => p.IdentityDocument!).ChildRules(doc =>
            {
                doc.RuleFor(d => d.Type).NotEmpty().Must(Wire.IsName<IdentityDocumentType>).WithMessage(Wire.OneOf<IdentityDocumentType>());
                doc.RuleFor(d => d.Number).NotEmpty().MaximumLength(50).Matches(TextRules.PostalCode()).WithMessage("Letters, digits, spaces and hyphens only.");
                doc.RuleFor(d => d.IssuingCountry).NotEmpty().Must(CountryCodes.IsValid).WithMessage("Must be an ISO 3166-1 alpha-2 country code.");
                doc.RuleFor(d => d.ExpiryDate).Must(d => d is null || DateRules.TryParse(d, out _)).WithMessage("Must be a date (yyyy-MM-dd).");
            }).When(p => p.IdentityDocument is not null);
            RuleFor(p => p.LegalName).Null().WithMessage("Only for a corporate party.");
            RuleFor(p => p.RegistrationNumber).Null().WithMessage("Only for a corporate party.");
            RuleFor(p => p.Jurisdiction).Null().WithMessage("Only for a corporate party.");
        });

        When(p => Is(p, PartyType.Corporate), () =>
        {
            RuleFor(p => p.LegalName).NotEmpty().MaximumLength(300).Must(TextRules.IsOrganisationName)
                .WithMessage("Letters of any script, digits, spaces and common punctuation; no control characters.");
            RuleFor(p => p.RegistrationNumber).MaximumLength(50).Matches(TextRules.RegistrationNumber())
                .WithMessage("Letters, digits, spaces, '.', '/' and '-' only.");
            RuleFor(p => p.Jurisdiction).NotEmpty().Must(CountryCodes.IsValid).WithMessage("Must be an ISO 3166-1 alpha-2 country code.");
            RuleForEach(p => p.Roles).Must(r => !Wire.TryParse<PartyRole>(r, out var role) || role.IsAllowedFor(PartyType.Corporate))
                .WithMessage("A corporate party can be a shareholder or a director; beneficial owners are natural persons.");
            RuleFor(p => p.FullName).Null().WithMessage("Only for a natural person.");
            RuleFor(p => p.DateOfBirth).Null().WithMessage("Only for a natural person.");
            RuleFor(p => p.Nationality).Null().WithMessage("Only for a natural person.");
            RuleFor(p => p.CountryOfResidence).Null().WithMessage("Only for a natural person.");
            RuleFor(p => p.IdentityDocument).Null().WithMessage("Only for a natural person.");
        });
    }

    private static bool Is(PartyInput party, PartyType type) => Wire.TryParse<PartyType>(party.Type, out var given) && given == type;
}
