namespace Kyc.Web.Logging;

/// <summary>Which log properties hold personal data (<c>Logging:Pii</c> configuration section adds to the defaults).</summary>
public sealed class PiiMaskingOptions
{
    /// <summary>
    /// Property names (compared case-insensitively, ignoring <c>_</c>, <c>-</c> and <c>.</c>) whose values are masked.
    /// A name of five or more letters also matches as a suffix: <c>email</c> masks <c>director_email</c>.
    /// </summary>
    public static IReadOnlyList<string> DefaultPropertyNames { get; } =
    [
        "name", "full_name", "legal_name", "first_name", "last_name", "middle_name", "given_name", "family_name", "surname",
        "maiden_name", "date_of_birth", "dob", "birth_date", "birthdate", "place_of_birth", "email", "email_address", "phone",
        "phone_number", "mobile", "address", "street", "postal_code", "postcode", "zip_code", "document_number", "id_number",
        "passport", "passport_number", "national_id", "identity_number", "iban", "account_number", "tax_id", "vat_number",
        "ssn", "nationality",
    ];

    /// <summary>Categories whose own properties are trusted not to be personal (framework lifecycle messages).</summary>
    public static IReadOnlyList<string> DefaultTrustedCategories { get; } = ["Microsoft.Hosting.Lifetime"];

    public ISet<string> PropertyNames { get; } = new HashSet<string>(DefaultPropertyNames, StringComparer.OrdinalIgnoreCase);

    public ISet<string> TrustedCategories { get; } = new HashSet<string>(DefaultTrustedCategories, StringComparer.Ordinal);
}
