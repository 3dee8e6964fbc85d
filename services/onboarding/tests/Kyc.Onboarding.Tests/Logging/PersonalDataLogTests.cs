using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kyc.Onboarding.Tests.Support;
using Kyc.Testing;
using Kyc.Web.Logging;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.Onboarding.Tests.Logging;

/// <summary>
/// Issue 9 item 17: the onboarding host as a real process, its real Serilog pipeline writing to its real sink (stdout),
/// requests carrying a value for every field of the default PII list, and a scan of everything the process wrote.
/// </summary>
public sealed class PersonalDataLogTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>A distinctive value per field of <see cref="PiiMaskingOptions.DefaultPropertyNames"/>; a value found anywhere in the output is a leak.</summary>
    private static readonly IReadOnlyDictionary<string, string> Personal = new Dictionary<string, string>
    {
        ["name"] = "Quillfeather Dynamics GmbH",
        ["full_name"] = "Bartholomew Quillfeather",
        ["legal_name"] = "Ostrander Fenwick Holding AG",
        ["first_name"] = "Philippa",
        ["last_name"] = "Ostrandervey",
        ["middle_name"] = "Wilhelmina",
        ["given_name"] = "Cordelia",
        ["family_name"] = "Featherstonehaugh",
        ["surname"] = "Blennerhassett",
        ["maiden_name"] = "Throckmorton",
        ["date_of_birth"] = "1961-07-23",
        ["dob"] = "1974-02-11",
        ["birth_date"] = "1958-12-04",
        ["birthdate"] = "1983-09-30",
        ["place_of_birth"] = "Wolkenkuckucksheim",
        ["email"] = "b.quillfeather@post.example",
        ["email_address"] = "philippa.ostrandervey@mail.example",
        ["phone"] = "+49 171 5550199",
        ["phone_number"] = "+44 20 7946 0321",
        ["mobile"] = "+33 6 12 34 56 78",
        ["address"] = "Wisteriaweg 17",
        ["street"] = "Hinterhof Lindenallee",
        ["postal_code"] = "QX7 9WZ",
        ["postcode"] = "ZW3 8QV",
        ["zip_code"] = "90210-4471",
        ["document_number"] = "P9X4Q7Z21",
        ["id_number"] = "L01X00T47Q",
        ["passport"] = "C7KQ2M9V5",
        ["passport_number"] = "X4RT7UQ82",
        ["national_id"] = "T22000129",
        ["identity_number"] = "ID-7734-QZ-19",
        ["iban"] = "DE44500105175407324931",
        ["account_number"] = "0532013000771",
        ["tax_id"] = "DE813297461",
        ["vat_number"] = "ATU13585627",
        ["ssn"] = "078-05-1120",
        ["nationality"] = "KI",
    };

    private readonly OnboardingDatabase _eu = new();
    private readonly OnboardingDatabase _us = new();

    public Task InitializeAsync() => Task.WhenAll(_eu.InitializeAsync(), _us.InitializeAsync());

    public async Task DisposeAsync() => await Task.WhenAll(_eu.DisposeAsync(), _us.DisposeAsync());

    [Fact]
    public void The_values_cover_every_field_of_the_default_pii_list()
    {
        Assert.Equal(PiiMaskingOptions.DefaultPropertyNames.Order(StringComparer.Ordinal), Personal.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Information")]
    [InlineData("Verbose")]
    public async Task No_value_of_a_personal_field_sent_in_requests_appears_in_the_service_output(string level)
    {
        await using var service = await OnboardingProcess.StartAsync(_eu, _us, new Dictionary<string, string> { ["Serilog__MinimumLevel__Default"] = level });
        var partner = $"partner-{Guid.NewGuid():N}"[..24];
        using var client = service.Client(await TestTokens.ForPartnerAsync(partner, "cases:read", "cases:write"));
        var run = Guid.NewGuid().ToString("N")[..8];

        // 1. A case holding the personal data the API takes: names, dates of birth, identity documents, addresses.
        using (var created = await SendAsync(client, HttpMethod.Post, ApiClient.Cases, CaseWithPersonalData("DE"), $"pii-{run}-create"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = await created.Content.ReadAsStringAsync();
            Assert.Contains(Personal["full_name"], body, StringComparison.Ordinal); // the service did receive the values
            var caseId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

            // 2. A party added to it, and a validation failure that echoes the party's fields.
            using var added = await SendAsync(client, HttpMethod.Post, $"{ApiClient.Cases}/{caseId}/parties",
                Person(Personal["surname"] + " " + Personal["given_name"], Personal["birth_date"], Personal["passport_number"]), $"pii-{run}-party",
                ("If-Match", created.Headers.ETag?.Tag));
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
        var invalid = CaseWithPersonalData("DE");
        invalid["parties"]![0]!["date_of_birth"] = "2999-01-01";
        invalid["parties"]![0]!["identity_document"]!["number"] = Personal["identity_number"] + "!";
        invalid["company"]!["registered_address"]!["postal_code"] = Personal["zip_code"] + "#";
        using (var refused = await SendAsync(client, HttpMethod.Post, ApiClient.Cases, invalid, $"pii-{run}-invalid"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.Contains("parties[0].date_of_birth", problem, StringComparison.Ordinal);
        }

        // 3. Personal fields the API does not know (refused as a malformed body), and a jurisdiction no region serves (logged as a warning).
        var unknown = CaseWithPersonalData("DE");
        foreach (var field in new[] { "email", "email_address", "phone", "phone_number", "mobile", "iban", "account_number", "tax_id", "vat_number", "ssn", "place_of_birth", "maiden_name", "middle_name", "national_id", "dob", "birthdate" })
        {
            unknown["parties"]![0]![field] = Personal[field];
        }
        using (var malformed = await SendAsync(client, HttpMethod.Post, ApiClient.Cases, unknown, $"pii-{run}-unknown"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }
        using (var notServed = await SendAsync(client, HttpMethod.Post, ApiClient.Cases, CaseWithPersonalData("BR"), $"pii-{run}-residency"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, notServed.StatusCode);
        }

        // 4. An email as the request id, as a careless partner might send.
        using (await SendAsync(client, HttpMethod.Get, $"{ApiClient.Cases}?page_size=5", null, Personal["email"])) { }

        string[] requests = ["create", "party", "invalid", "unknown", "residency"];
        var lines = await Eventually.GetAsync(() => Task.FromResult(service.Stdout), l => requests.All(r => RequestLogged(l, $"pii-{run}-{r}")),
            "a request log line for each request");
        var text = string.Join('\n', lines.Concat(service.Stderr));
        output.WriteLine($"{lines.Count} lines on stdout, {service.Stderr.Count} on stderr at {level}");

        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
        Assert.Contains(lines, l => l.Contains("\"@l\":\"Warning\"", StringComparison.Ordinal) && l.Contains("jurisdiction_not_served", StringComparison.Ordinal));
        foreach (var (field, value) in Personal)
        {
            foreach (var fragment in Fragments(value))
            {
                Assert.False(Appears(text, fragment), $"the value of {field} ('{fragment}') appears in the service output:\n{string.Join('\n', lines.Where(l => Appears(l, fragment)))}");
            }
        }
    }

    private static bool RequestLogged(IEnumerable<string> lines, string requestId) =>
        lines.Any(l => l.Contains("Serilog.AspNetCore.RequestLoggingMiddleware", StringComparison.Ordinal) && l.Contains($"\"request_id\":\"{requestId}\"", StringComparison.Ordinal));

    /// <summary>The value, and each word of it long enough to identify someone on its own.</summary>
    private static IEnumerable<string> Fragments(string value) =>
        new[] { value }.Concat(value.Split(' ', '-', '.', '@').Where(w => w.Length >= 5)).Distinct();

    /// <summary>Short values (a nationality) count only as a token of their own; longer ones anywhere.</summary>
    private static bool Appears(string text, string fragment) => fragment.Length >= 5
        ? text.Contains(fragment, StringComparison.Ordinal)
        : Regex.IsMatch(text, $"(?<![A-Za-z0-9]){Regex.Escape(fragment)}(?![A-Za-z0-9])");

    private static JsonObject CaseWithPersonalData(string jurisdiction)
    {
        var body = CaseBodies.CreateCase(jurisdiction, null,
            Person(Personal["full_name"], Personal["date_of_birth"], Personal["document_number"]),
            Person(Personal["first_name"] + " " + Personal["last_name"], Personal["dob"], Personal["id_number"]),
            CaseBodies.CorporateShareholder(Personal["legal_name"], 30));
        var company = body["company"]!;
        company["legal_name"] = Personal["name"];
        company["registered_address"]!["line1"] = Personal["address"];
        company["registered_address"]!["line2"] = Personal["street"];
        company["registered_address"]!["postal_code"] = Personal["postal_code"];
        return body;
    }

    private static JsonObject Person(string fullName, string dateOfBirth, string documentNumber)
    {
        var person = CaseBodies.Person(fullName, [CaseBodies.Ubo], 20, Personal["nationality"], dateOfBirth);
        person["identity_document"]!["number"] = documentNumber;
        person["identity_document"]!["issuing_country"] = Personal["nationality"];
        return person;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, JsonNode? body, string requestId,
        params (string Name, string? Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        request.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        if (method == HttpMethod.Post) request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        foreach (var (name, value) in headers) if (value is not null) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request);
    }
}
