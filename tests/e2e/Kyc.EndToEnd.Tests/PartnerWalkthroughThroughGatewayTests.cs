using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kyc.Testing;
using Xunit;

namespace Kyc.EndToEnd.Tests;

/// <summary>
/// What a partner does on day one, against the running platform as ./dev run starts it: services as real processes
/// behind the nginx gateway, a token from the OpenID Connect provider. Nothing in-process.
/// </summary>
public sealed class PartnerWalkthroughThroughGatewayTests
{
    private static readonly HttpClient Gateway = new() { BaseAddress = StackSettings.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_partner_creates_a_company_case_with_two_ubos_and_a_director_submits_it_and_sees_it_submitted()
    {
        var token = await TestTokens.ForPartnerAsync($"e2e-{Guid.NewGuid():N}"[..20], "cases:read", "cases:write");

        using var create = Request(HttpMethod.Post, "/v1/onboarding/cases", token, Walkthrough.CompanyWithTwoUbosAndADirector);
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        create.Headers.Add("X-Request-Id", "e2e-walkthrough-1");
        using var created = await Gateway.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["e2e-walkthrough-1"], created.Headers.GetValues("X-Request-Id"));
        var location = created.Headers.Location!.ToString();
        Assert.StartsWith("/v1/onboarding/cases/eu-", location, StringComparison.Ordinal);

        using var submit = Request(HttpMethod.Post, location + "/submit", token);
        submit.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);
        using var submitted = await Gateway.SendAsync(submit);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);

        using var read = await Gateway.SendAsync(Request(HttpMethod.Get, location, token));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var body = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
        Assert.Equal("submitted", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(3, body.RootElement.GetProperty("parties").GetArrayLength());
        Assert.Equal("\"2\"", read.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task The_gateway_answers_unknown_routes_and_missing_tokens_with_problem_json()
    {
        using var unknown = await Gateway.GetAsync("/v9/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"code\":\"route_not_found\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var anonymous = await Gateway.GetAsync("/v1/onboarding/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }
}
