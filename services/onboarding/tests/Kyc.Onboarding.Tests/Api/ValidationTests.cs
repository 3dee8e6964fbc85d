using System.Net;
using System.Text.Json.Nodes;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>
/// What the API accepts in a case: ISO codes, past dates, ownership in 0–100 with two decimals, names in any script
/// but without control or invisible formatting characters, bounded lengths. Every refusal is a 422 validation_failed
/// whose errors name the fields by their snake_case JSON path.
/// </summary>
public sealed class ValidationTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    // Far enough from "today" that the server's clock and the test's cannot disagree about it (the exact boundary is
    // tested on a fixed clock in InputValidatorTests).
    private static readonly string Future = CaseBodies.Date(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2));

    [Theory]
    [InlineData("XX")]
    [InlineData("de")]
    [InlineData("DEU")]
    [InlineData("")]
    public async Task A_jurisdiction_that_is_not_an_iso_3166_alpha_2_code_is_refused(string jurisdiction)
    {
        var body = CaseBodies.CompleteCase();
        body["company"]!["jurisdiction"] = jurisdiction;

        await RefusedAsync(body, "company.jurisdiction");
    }

    [Fact]
    public async Task Country_codes_are_checked_in_addresses_nationalities_and_documents()
    {
        var body = CaseBodies.CompleteCase();
        body["company"]!["registered_address"]!["country"] = "XX";
        body["parties"]![1]!["nationality"] = "ru";
        body["parties"]![2]!["identity_document"]!["issuing_country"] = "ZZ";

        await RefusedAsync(body, "company.registered_address.country", "parties[1].nationality", "parties[2].identity_document.issuing_country");
    }

    [Fact]
    public async Task A_date_of_birth_in_the_future_is_refused()
    {
        var body = CaseBodies.CompleteCase();
        body["parties"]![1]!["date_of_birth"] = Future;

        var problem = await RefusedAsync(body, "parties[1].date_of_birth");
        Assert.Equal(["parties[1].date_of_birth"], problem.ErrorFields());
    }

    [Fact]
    public async Task An_incorporation_date_in_the_future_is_refused()
    {
        var body = CaseBodies.CompleteCase();
        body["company"]!["incorporation_date"] = Future;

        await RefusedAsync(body, "company.incorporation_date");
    }

    [Theory]
    [InlineData("1980-13-01")]
    [InlineData("17.05.1980")]
    [InlineData("1899-12-31")]
    public async Task A_date_of_birth_that_is_not_a_plausible_calendar_date_is_refused(string dateOfBirth)
    {
        var body = CaseBodies.CompleteCase();
        body["parties"]![0]!["date_of_birth"] = dateOfBirth;

        await RefusedAsync(body, "parties[0].date_of_birth");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100.001")]
    [InlineData("101")]
    [InlineData("33.333")]
    public async Task An_ownership_percentage_outside_0_to_100_with_two_decimals_is_refused(string ownership)
    {
        var body = CaseBodies.CreateCase("DE", null, CaseBodies.UboParty("Анна Петрова", 1));
        body["parties"]![0]!["ownership_percentage"] = JsonNode.Parse(ownership);

        await RefusedAsync(body, "parties[0].ownership_percentage");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100")]
    [InlineData("33.33")]
    public async Task An_ownership_percentage_from_0_to_100_with_up_to_two_decimals_is_accepted(string ownership)
    {
        var partner = await app.NewPartnerAsync();
        var body = CaseBodies.CreateCase("DE", null, CaseBodies.UboParty("Анна Петрова", 1));
        body["parties"]![0]!["ownership_percentage"] = JsonNode.Parse(ownership);

        var created = await partner.CreateCaseOkAsync(body);

        Assert.Equal(decimal.Parse(ownership, System.Globalization.CultureInfo.InvariantCulture),
            created.Party(0).GetProperty("ownership_percentage").GetDecimal());
    }

    [Theory]
    [InlineData("Анна Петрова")]
    [InlineData("محمد علي")]
    [InlineData("李小龙")]
    [InlineData("Zoë Ångström-Núñez")]
    [InlineData("Zoe\u0308 A\u030Angstro\u0308m")] // combining diacritics (NFD)
    [InlineData("Seán O’Brien")]
    [InlineData("Nguyễn Thị Minh Khai")]
    public async Task Names_in_any_script_are_accepted_and_read_back_unchanged(string name)
    {
        var partner = await app.NewPartnerAsync();
        var body = CaseBodies.CreateCase("DE", null, CaseBodies.UboParty(name, 100), CaseBodies.DirectorParty(name));

        var created = await partner.CreateCaseOkAsync(body);

        var read = await partner.GetCaseOkAsync(created.Id);
        Assert.Equal(name, read.Party(0).GetProperty("full_name").GetString());
        Assert.Equal(name, read.Party(1).GetProperty("full_name").GetString());
    }

    [Theory]
    [InlineData("Müller & Söhne GmbH")]
    [InlineData("ООО «Ромашка»")]
    [InlineData("ТОО \"Алем\"")]
    [InlineData("Spółka „Nowa” sp. z o.o.")]
    [InlineData("شركة الأمل للتجارة")]
    [InlineData("株式会社サンプル")]
    [InlineData("Ørsted A/S")]
    public async Task Company_names_in_any_script_are_accepted(string legalName)
    {
        var partner = await app.NewPartnerAsync();
        var body = CaseBodies.CompleteCase();
        body["company"]!["legal_name"] = legalName;

        var created = await partner.CreateCaseOkAsync(body);

        Assert.Equal(legalName, (await partner.GetCaseOkAsync(created.Id)).Json.GetProperty("company").GetProperty("legal_name").GetString());
    }

    [Theory]
    [InlineData("Anna\u0000")]
    [InlineData("Bob\u0007")]
    [InlineData("\u202EAnna")] // right-to-left override
    [InlineData("Anna\u200BPetrova")] // zero-width space
    [InlineData("Anna\nPetrova")]
    [InlineData(" Anna")]
    [InlineData("Anna 2")]
    public async Task A_person_name_with_control_or_invisible_formatting_characters_is_refused(string name)
    {
        var body = CaseBodies.CompleteCase();
        body["parties"]![0]!["full_name"] = name;

        await RefusedAsync(body, "parties[0].full_name");
    }

    [Theory]
    [InlineData("Müller\u0000 GmbH")]
    [InlineData("Müller\u202E GmbH")]
    [InlineData("Müller\tGmbH")]
    public async Task A_company_name_with_control_characters_is_refused(string legalName)
    {
        var body = CaseBodies.CompleteCase();
        body["company"]!["legal_name"] = legalName;
        body["company"]!["registered_address"]!["line1"] = "Hauptstraße\u00005";

        await RefusedAsync(body, "company.legal_name", "company.registered_address.line1");
    }

    [Fact]
    public async Task Over_long_fields_are_refused()
    {
        var body = CaseBodies.CompleteCase("DE", new string('r', 101));
        body["company"]!["legal_name"] = new string('M', 301);
        body["company"]!["registered_address"]!["line1"] = new string('H', 201);
        body["company"]!["registered_address"]!["postal_code"] = new string('8', 21);
        body["parties"]![1]!["full_name"] = new string('А', 201);
        body["parties"]![2]!["identity_document"]!["number"] = new string('C', 51);

        await RefusedAsync(body, "external_reference", "company.legal_name", "company.registered_address.line1",
            "company.registered_address.postal_code", "parties[1].full_name", "parties[2].identity_document.number");
    }

    [Fact]
    public async Task Fields_at_their_maximum_length_are_accepted()
    {
        var partner = await app.NewPartnerAsync();
        var body = CaseBodies.CompleteCase("DE", new string('r', 100));
        body["company"]!["legal_name"] = new string('Ü', 300);
        body["parties"]![1]!["full_name"] = new string('Я', 200);

        await partner.CreateCaseOkAsync(body);
    }

    [Fact]
    public async Task Every_invalid_field_is_reported_at_once_by_its_snake_case_path()
    {
        var body = CaseBodies.CompleteCase();
        body["company"]!["entity_type"] = "gmbh";
        body["company"]!["website"] = "ftp://mueller.example";
        body["parties"]![0]!["roles"] = new JsonArray("director", "chairman");
        body["parties"]![1]!["type"] = "robot";
        body["parties"]![2]!["legal_name"] = "Not for a person";

        var problem = await RefusedAsync(body, "company.entity_type", "company.website", "parties[0].roles[1]", "parties[1].type",
            "parties[2].legal_name");
        Assert.All(problem.ErrorFields(), f => Assert.Matches(@"^[a-z_]+(\[\d+\])?(\.[a-z_0-9]+(\[\d+\])?)*$", f));
    }

    [Fact]
    public async Task A_missing_company_is_reported_as_company()
    {
        var body = CaseBodies.CompleteCase();
        body.Remove("company");

        await RefusedAsync(body, "company");
    }

    [Fact]
    public async Task A_beneficial_owner_must_be_a_natural_person()
    {
        var body = CaseBodies.CreateCase("DE", null, CaseBodies.CorporateShareholder("Nordholz Beteiligungen GmbH", 50));
        body["parties"]![0]!["roles"] = new JsonArray("ubo");

        await RefusedAsync(body, "parties[0].roles[0]");
    }

    [Fact]
    public async Task An_added_party_is_validated_under_the_path_party()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CreateCase());
        var party = CaseBodies.Person("Bob\u0007", ["ubo"], 101, "XX", Future);

        using var response = await partner.AddPartyAsync(created.Id, party);

        await response.ShouldBeValidationProblemAsync("party.full_name", "party.ownership_percentage", "party.nationality", "party.date_of_birth");
        using var replace = await partner.UpdatePartyAsync(created.Id, Guid.NewGuid().ToString(), CaseBodies.Person("Anna\u0000", ["ubo"], 5), "\"1\"");
        await replace.ShouldBeValidationProblemAsync("party.full_name");
    }

    [Fact]
    public async Task A_patch_is_validated_like_a_creation()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var company = CaseBodies.Company("DE");
        company["incorporation_date"] = Future;
        company["registered_address"]!["country"] = "de";

        using var response = await partner.PatchCaseAsync(created.Id, new JsonObject { ["company"] = company, ["external_reference"] = "has space" }, "\"1\"");

        await response.ShouldBeValidationProblemAsync("company.incorporation_date", "company.registered_address.country", "external_reference");
        Assert.Equal(1, (await partner.GetCaseOkAsync(created.Id)).Version);
    }

    private async Task<System.Text.Json.JsonElement> RefusedAsync(JsonObject body, params string[] fields)
    {
        var partner = await app.PartnerAsync("partner-validation");
        using var response = await partner.CreateCaseAsync(body);
        var problem = await response.ShouldBeValidationProblemAsync(fields);
        Assert.Equal(0, await app.Eu.CountCasesAsync("partner-validation") + await app.Us.CountCasesAsync("partner-validation"));
        return problem;
    }
}
