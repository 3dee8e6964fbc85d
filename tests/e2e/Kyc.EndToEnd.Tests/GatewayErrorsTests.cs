using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Kyc.Testing;
using Xunit;

namespace Kyc.EndToEnd.Tests;

/// <summary>
/// What the gateway answers itself, through the real nginx in front of the real services: every error is problem+json
/// with a catalog code, and nothing a caller sends can change the shape of those bodies.
/// </summary>
public sealed class GatewayErrorsTests
{
    private const int Megabyte = 1024 * 1024;
    private static readonly HttpClient Gateway = new() { BaseAddress = StackSettings.GatewayUrl, Timeout = TimeSpan.FromSeconds(60) };

    [Theory]
    [InlineData(2, 10)]
    [InlineData(10, 10)]
    [InlineData(30, 3)]
    public async Task Bodies_over_the_services_limit_are_always_refused_with_413_problem_json(int megabytes, int times)
    {
        var token = await TestTokens.ForPartnerAsync($"e2e-{Guid.NewGuid():N}"[..20], "cases:write");
        var body = new byte[megabytes * Megabyte];
        Array.Fill(body, (byte)'a');

        var statuses = new List<string>();
        for (var i = 0; i < times; i++)
        {
            using var request = Post("/v1/onboarding/cases", token, body);
            using var response = await Gateway.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            statuses.Add($"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {Code(text)}");
        }

        Assert.All(statuses, s => Assert.Equal("413 application/problem+json payload_too_large", s));
    }

    [Fact]
    public async Task A_body_just_under_the_limit_reaches_the_service()
    {
        var token = await TestTokens.ForPartnerAsync($"e2e-{Guid.NewGuid():N}"[..20], "cases:write");
        var body = new byte[Megabyte - 1024];
        Array.Fill(body, (byte)'a');

        using var request = Post("/v1/onboarding/cases", token, body);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await Gateway.SendAsync(request);

        // Not JSON, so the service refuses it; the gateway only passed it on (its own errors carry no instance).
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("malformed_request", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("/v1/onboarding/cases", problem.RootElement.GetProperty("instance").GetString());
    }

    [Theory]
    [InlineData("x\",\"code\":\"hijacked")]
    [InlineData("back\\slash")]
    [InlineData("has space")]
    [InlineData("<script>alert(1)</script>")]
    public async Task A_request_id_that_could_change_an_error_body_is_replaced_by_a_generated_one(string requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v9/nothing-here");
        request.Headers.TryAddWithoutValidation("X-Request-Id", requestId);

        using var response = await Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var echoed = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Matches("^[0-9a-f]{32}$", echoed);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("route_not_found", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(echoed, problem.RootElement.GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task A_replaced_request_id_is_the_one_the_service_sees()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/onboarding/cases");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "x\",\"code\":\"hijacked");

        using var response = await Gateway.SendAsync(request);

        // 401 from the service: the id it echoes is the gateway's generated one, not the caller's.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("X-Request-Id")));
        Assert.DoesNotContain("hijacked", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_acceptable_request_id_is_kept_through_the_gateway()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v9/nothing-here");
        request.Headers.Add("X-Request-Id", "Partner.req_42-a");

        using var response = await Gateway.SendAsync(request);

        Assert.Equal("Partner.req_42-a", Assert.Single(response.Headers.GetValues("X-Request-Id")));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Partner.req_42-a", problem.RootElement.GetProperty("trace_id").GetString());
    }

    private static HttpRequestMessage Post(string path, string token, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static string? Code(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
