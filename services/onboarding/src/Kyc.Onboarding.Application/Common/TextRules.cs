using System.Globalization;
using System.Text.RegularExpressions;

namespace Kyc.Onboarding.Application.Common;

/// <summary>What free text in a case may contain. Any script is welcome (Latin with diacritics, Cyrillic, Arabic, CJK, ...);
/// control and invisible formatting characters are not, except the joiners some scripts need.</summary>
public static partial class TextRules
{
    public static bool HasNoControlCharacters(string? value) =>
        value is null || value.All(c => char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Control => false,
            UnicodeCategory.Format => c is '\u200C' or '\u200D',
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
            UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
            _ => true,
        });

    /// <summary>A person's name: letters and marks of any script, spaces, apostrophes, hyphens, periods.</summary>
    public static bool IsPersonName(string? value) => value is not null && PersonName().IsMatch(value) && HasNoControlCharacters(value);

    /// <summary>An organisation's name: as a person's, plus digits and the punctuation legal names use, quotation marks
    /// included (ООО «Ромашка», ТОО "Алем", Spółka „Nowa”).</summary>
    public static bool IsOrganisationName(string? value) =>
        value is not null && OrganisationName().IsMatch(value) && HasNoControlCharacters(value);

    public static bool IsTrimmed(string? value) => value is null || value.Length == 0 || value == value.Trim();

    [GeneratedRegex(@"^[\p{L}\p{M}][\p{L}\p{M} '’\-.]*$")]
    private static partial Regex PersonName();

    [GeneratedRegex(@"^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} '’\-.,&()/+@!:""«»„“”‚‘]*$")]
    private static partial Regex OrganisationName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 ./\-]*$")]
    public static partial Regex RegistrationNumber();

    [GeneratedRegex(@"^[A-Z0-9][A-Z0-9.\-]{0,9}$")]
    public static partial Regex IndustryCode();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 \-]*$")]
    public static partial Regex PostalCode();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:/\-]*$")]
    public static partial Regex ExternalReference();

    [GeneratedRegex(@"^[a-z][a-z0-9_]{1,49}$")]
    public static partial Regex ReasonCode();
}
