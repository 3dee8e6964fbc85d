using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>The partner's case endpoints: create, read, list, change, submit.</summary>
public sealed class CaseEndpointTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task Creating_a_case_answers_201_with_its_location_etag_and_the_case()
    {
        var partner = await app.NewPartnerAsync();
        var reference = CaseBodies.NewReference();

        using var response = await partner.CreateCaseAsync(CaseBodies.CompleteCase("DE", reference), requestId: "create-req-1");

        var body = await response.ShouldHaveAsync(HttpStatusCode.Created);
        var id = body.GetProperty("id").GetString()!;
        Assert.Matches("^eu-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        Assert.Equal($"/v1/onboarding/cases/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("create-req-1", response.Header("X-Request-Id"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Header("Idempotent-Replayed"));
        Assert.Equal("draft", body.GetProperty("status").GetString());
        Assert.Equal("eu", body.GetProperty("region").GetString());
        Assert.Equal(reference, body.GetProperty("external_reference").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("submitted_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("decision").ValueKind);
        var company = body.GetProperty("company");
        Assert.Equal("Müller & Söhne GmbH", company.GetProperty("legal_name").GetString());
        Assert.Equal("2015-03-01", company.GetProperty("incorporation_date").GetString());
        Assert.Equal("München", company.GetProperty("registered_address").GetProperty("city").GetString());
        var parties = body.GetProperty("parties").EnumerateArray().ToList();
        Assert.Equal(["Zoë Ångström-Núñez", "Анна Петрова", "محمد علي"], parties.Select(p => p.GetProperty("full_name").GetString()));
        Assert.All(parties, p => Assert.True(Guid.TryParse(p.GetProperty("id").GetString(), out _)));
        Assert.Equal(60m, parties[1].GetProperty("ownership_percentage").GetDecimal());
        Assert.Equal(["ubo"], parties[2].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Reading_a_case_answers_its_etag_and_304_when_the_client_has_that_version()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        using var read = await partner.GetCaseAsync(created.Id);
        var body = await read.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal(created.Json.GetRawText(), body.GetRawText());

        using var notModified = await partner.GetCaseAsync(created.Id, ifNoneMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("\"1\"", notModified.Headers.ETag?.Tag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var otherVersion = await partner.GetCaseAsync(created.Id, ifNoneMatch: "\"7\"");
        await otherVersion.ShouldHaveAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Patching_with_if_match_changes_the_case_and_bumps_the_etag()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase("DE", "ref-before"));
        var company = CaseBodies.Company("AT", "Žižek & Partner GmbH");
        company["registered_address"]!["city"] = "Wien";

        using var patched = await partner.PatchCaseAsync(created.Id, new JsonObject { ["company"] = company, ["external_reference"] = "ref-after" }, "\"1\"");

        var body = await patched.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", patched.Headers.ETag?.Tag);
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal("ref-after", body.GetProperty("external_reference").GetString());
        Assert.Equal("Žižek & Partner GmbH", body.GetProperty("company").GetProperty("legal_name").GetString());
        Assert.Equal("AT", body.GetProperty("company").GetProperty("jurisdiction").GetString());
        Assert.Equal(3, body.GetProperty("parties").GetArrayLength());
        var read = await partner.GetCaseOkAsync(created.Id);
        Assert.Equal(body.GetRawText(), read.Json.GetRawText());
        Assert.Equal("\"2\"", read.ETag);
    }

    [Fact]
    public async Task Patching_external_reference_with_an_explicit_null_clears_it_and_leaving_it_out_keeps_it()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase("DE", "ref-to-clear"));

        using (var unchanged = await partner.PatchCaseAsync(created.Id, new JsonObject(), "\"1\""))
        {
            var body = await unchanged.ShouldHaveAsync(HttpStatusCode.OK);
            Assert.Equal("ref-to-clear", body.GetProperty("external_reference").GetString());
            Assert.Equal("\"1\"", unchanged.Headers.ETag?.Tag); // nothing changed: same version
        }

        using (var cleared = await partner.PatchCaseAsync(created.Id, new JsonObject { ["external_reference"] = null }, "\"1\""))
        {
            var body = await cleared.ShouldHaveAsync(HttpStatusCode.OK);
            Assert.Equal(JsonValueKind.Null, body.GetProperty("external_reference").ValueKind);
            Assert.Equal("\"2\"", cleared.Headers.ETag?.Tag);
        }

        var read = await partner.GetCaseOkAsync(created.Id);
        Assert.Equal(JsonValueKind.Null, read.Json.GetProperty("external_reference").ValueKind);
        Assert.Equal("Müller & Söhne GmbH", read.Json.GetProperty("company").GetProperty("legal_name").GetString());
    }

    [Fact]
    public async Task Submitting_a_complete_draft_makes_it_submitted()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        using var submitted = await partner.SubmitAsync(created.Id, ifMatch: "\"1\"");

        var body = await submitted.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal("submitted", body.GetProperty("status").GetString());
        Assert.Equal("\"2\"", submitted.Headers.ETag?.Tag);
        Assert.True(body.GetProperty("submitted_at").GetDateTimeOffset() >= created.Json.GetProperty("created_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Listing_pages_newest_first_with_links()
    {
        var partner = await app.NewPartnerAsync();
        var ids = new List<string>();
        foreach (var jurisdiction in new[] { "DE", "US", "FR", "CA", "GB" }) ids.Add((await partner.CreateCaseOkAsync(CaseBodies.CompleteCase(jurisdiction))).Id);

        var first = await partner.ListOkAsync("page=1&page_size=2");
        var second = await partner.ListOkAsync("page=2&page_size=2");
        var last = await partner.ListOkAsync("page=3&page_size=2");

        Assert.Equal(5, first.GetProperty("total").GetInt64());
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal(2, first.GetProperty("page_size").GetInt32());
        Assert.Equal([ids[4], ids[3]], Ids(first));
        Assert.Equal([ids[2], ids[1]], Ids(second));
        Assert.Equal([ids[0]], Ids(last));
        Assert.Equal("/v1/onboarding/cases?page=1&page_size=2", first.GetProperty("links").GetProperty("self").GetString());
        Assert.Equal("/v1/onboarding/cases?page=2&page_size=2", first.GetProperty("links").GetProperty("next").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("links").GetProperty("prev").ValueKind);
        Assert.Equal("/v1/onboarding/cases?page=1&page_size=2", second.GetProperty("links").GetProperty("prev").GetString());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("links").GetProperty("next").ValueKind);
        var item = first.GetProperty("items")[0];
        Assert.Equal("GB", item.GetProperty("jurisdiction").GetString());
        Assert.Equal("Müller & Söhne GmbH", item.GetProperty("legal_name").GetString());
        Assert.Equal("draft", item.GetProperty("status").GetString());
        Assert.Equal(1, item.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Listing_filters_by_status_external_reference_and_creation_time()
    {
        var partner = await app.NewPartnerAsync();
        var cases = new List<CaseResponse>();
        for (var i = 0; i < 6; i++) cases.Add(await partner.CreateCaseOkAsync(CaseBodies.CompleteCase(i % 2 == 0 ? "DE" : "US", $"ref-filter-{i}")));
        using (var submit = await partner.SubmitAsync(cases[1].Id)) await submit.ShouldHaveAsync(HttpStatusCode.OK);
        using (var submit = await partner.SubmitAsync(cases[4].Id)) await submit.ShouldHaveAsync(HttpStatusCode.OK);

        Assert.Equal([cases[4].Id, cases[1].Id], Ids(await partner.ListOkAsync("status=submitted")));
        Assert.Equal(4, (await partner.ListOkAsync("status=draft")).GetProperty("total").GetInt64());
        Assert.Equal([cases[3].Id], Ids(await partner.ListOkAsync("external_reference=ref-filter-3")));
        Assert.Empty(Ids(await partner.ListOkAsync("external_reference=ref-filter-9")));

        // created_from is inclusive, created_to exclusive.
        var from = Uri.EscapeDataString(cases[1].Json.GetProperty("created_at").GetString()!);
        var to = Uri.EscapeDataString(cases[4].Json.GetProperty("created_at").GetString()!);
        var window = await partner.ListOkAsync($"created_from={from}&created_to={to}");
        Assert.Equal([cases[3].Id, cases[2].Id, cases[1].Id], Ids(window));
        Assert.Equal(3, window.GetProperty("total").GetInt64());
        Assert.Contains("created_from=", window.GetProperty("links").GetProperty("self").GetString(), StringComparison.Ordinal);

        var combined = await partner.ListOkAsync($"created_from={from}&created_to={to}&status=submitted");
        Assert.Equal([cases[1].Id], Ids(combined));
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page=1001&page_size=10", "page")]
    [InlineData("status=closed", "status")]
    [InlineData("created_from=2025-02-01T00:00:00Z&created_to=2025-01-01T00:00:00Z", "created_from")]
    public async Task Listing_refuses_parameters_out_of_range(string query, string field)
    {
        var partner = await app.NewPartnerAsync();

        using var response = await partner.ListAsync(query);

        await response.ShouldBeValidationProblemAsync(field);
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
}
