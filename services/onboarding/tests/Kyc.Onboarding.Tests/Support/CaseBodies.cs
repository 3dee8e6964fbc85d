using System.Globalization;
using System.Text.Json.Nodes;

namespace Kyc.Onboarding.Tests.Support;

/// <summary>Valid request bodies (snake_case JSON) with names in several scripts; tests change single fields to break them.</summary>
public static class CaseBodies
{
    public const string Director = "director";
    public const string Ubo = "ubo";
    public const string Shareholder = "shareholder";

    /// <summary>A private limited company of <paramref name="jurisdiction"/> with everything a submission needs.</summary>
    public static JsonObject Company(string jurisdiction = "DE", string legalName = "Müller & Söhne GmbH",
        string entityType = "private_limited_company") => new()
    {
        ["legal_name"] = legalName,
        ["trading_name"] = null,
        ["registration_number"] = "HRB 123456",
        ["jurisdiction"] = jurisdiction,
        ["entity_type"] = entityType,
        ["incorporation_date"] = "2015-03-01",
        ["registered_address"] = new JsonObject
        {
            ["line1"] = "Hauptstraße 5",
            ["line2"] = null,
            ["city"] = "München",
            ["region"] = "Bayern",
            ["postal_code"] = "80331",
            ["country"] = jurisdiction,
        },
        ["industry_code"] = "62.01",
        ["website"] = "https://mueller-soehne.example",
    };

    public static JsonObject Person(string fullName, string[] roles, decimal? ownership = null, string nationality = "DE",
        string dateOfBirth = "1980-05-17") => new()
    {
        ["type"] = "natural_person",
        ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)JsonValue.Create(r))]),
        ["ownership_percentage"] = ownership,
        ["full_name"] = fullName,
        ["date_of_birth"] = dateOfBirth,
        ["nationality"] = nationality,
        ["country_of_residence"] = nationality,
        ["identity_document"] = new JsonObject
        {
            ["type"] = "passport",
            ["number"] = "C01X00T47",
            ["issuing_country"] = nationality,
            ["expiry_date"] = "2031-08-31",
        },
    };

    public static JsonObject DirectorParty(string fullName = "Zoë Ångström-Núñez") => Person(fullName, [Director]);

    public static JsonObject UboParty(string fullName, decimal ownership) => Person(fullName, [Ubo], ownership);

    public static JsonObject CorporateShareholder(string legalName, decimal ownership) => new()
    {
        ["type"] = "corporate",
        ["roles"] = new JsonArray("shareholder"),
        ["ownership_percentage"] = ownership,
        ["legal_name"] = legalName,
        ["registration_number"] = "HRB 98765",
        ["jurisdiction"] = "DE",
    };

    /// <summary>A create-case body; with no parties given, none.</summary>
    public static JsonObject CreateCase(string jurisdiction = "DE", string? externalReference = null, params JsonObject[] parties) => new()
    {
        ["external_reference"] = externalReference,
        ["company"] = Company(jurisdiction),
        ["parties"] = new JsonArray([.. parties]),
    };

    /// <summary>A case ready to submit: a director and two beneficial owners (Cyrillic, Arabic and Latin names with diacritics).</summary>
    public static JsonObject CompleteCase(string jurisdiction = "DE", string? externalReference = null) =>
        CreateCase(jurisdiction, externalReference,
            DirectorParty(),
            UboParty("Анна Петрова", 60),
            UboParty("محمد علي", 40));

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string NewReference() => $"ref-{Guid.NewGuid():N}";
}
