using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kyc.Testing;
using Xunit;
using Kyc.Onboarding.Tests.Support;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>The walk-through a partner follows: get a token, open a company case with its owners and director, submit, check.</summary>
public sealed class PartnerWalkthroughTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task A_partner_opens_a_company_case_with_two_beneficial_owners_and_a_director_submits_it_and_reads_it_back_submitted()
    {
        // 1. A token for the partner's client (client credentials).
        var token = await TestTokens.ForPartnerAsync("partner-a", "cases:read", "cases:write");
        using var http = app.ClientWithToken(null);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // 2. Open the case, exactly as a partner writes the JSON.
        const string body = """
            {
              "external_reference": "crm-4711",
              "company": {
                "legal_name": "Müller & Söhne GmbH",
                "registration_number": "HRB 123456",
                "jurisdiction": "DE",
                "entity_type": "private_limited_company",
                "incorporation_date": "2015-03-01",
                "registered_address": { "line1": "Hauptstraße 5", "city": "München", "postal_code": "80331", "country": "DE" }
              },
              "parties": [
                { "type": "natural_person", "roles": ["director"], "full_name": "Zoë Ångström-Núñez", "date_of_birth": "1979-11-02",
                  "nationality": "SE", "country_of_residence": "DE" },
                { "type": "natural_person", "roles": ["ubo", "shareholder"], "ownership_percentage": 60, "full_name": "Анна Петрова",
                  "date_of_birth": "1985-04-23", "nationality": "DE", "country_of_residence": "DE" },
                { "type": "natural_person", "roles": ["ubo", "shareholder"], "ownership_percentage": 40, "full_name": "محمد علي",
                  "date_of_birth": "1990-01-15", "nationality": "AE", "country_of_residence": "DE" }
              ]
            }
            """;
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/onboarding/cases") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var created = await http.SendAsync(create);
        var @case = await created.ShouldHaveAsync(HttpStatusCode.Created);
        var location = created.Headers.Location!.OriginalString;
        Assert.Equal("draft", @case.GetProperty("status").GetString());

        // 3. Submit it.
        using var submit = new HttpRequestMessage(HttpMethod.Post, $"{location}/submit");
        submit.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);
        using var submitted = await http.SendAsync(submit);
        await submitted.ShouldHaveAsync(HttpStatusCode.OK);

        // 4. Read it back.
        using var read = await http.GetAsync(location);
        var current = await read.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal("submitted", current.GetProperty("status").GetString());
        Assert.Equal("\"2\"", read.Headers.ETag?.Tag);
        Assert.Equal(["Zoë Ångström-Núñez", "Анна Петрова", "محمد علي"],
            current.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("full_name").GetString()));
        Assert.Equal(["submitted"], (await http.GetFromJsonElementAsync("/v1/onboarding/cases?external_reference=crm-4711&status=submitted"))
            .GetProperty("items").EnumerateArray().Where(i => i.GetProperty("id").GetString() == @case.GetProperty("id").GetString())
            .Select(i => i.GetProperty("status").GetString()));
    }
}

internal static class HttpClientJson
{
    public static async Task<System.Text.Json.JsonElement> GetFromJsonElementAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return await response.ShouldHaveAsync(HttpStatusCode.OK);
    }
}
