using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Kyc.Testing;
using Xunit;

namespace Kyc.EndToEnd.Tests;

/// <summary>The platform's rate limits (config/rate-limits.json), as the services started by the stack enforce them in Redis.</summary>
public sealed class RateLimitThroughGatewayTests
{
    private static readonly HttpClient Gateway = new() { BaseAddress = StackSettings.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_partners_requests_carry_rate_limit_headers_that_count_down_and_another_partner_has_its_own()
    {
        var first = await TestTokens.ForPartnerAsync($"e2e-{Guid.NewGuid():N}"[..20], "cases:read");
        var second = await TestTokens.ForPartnerAsync($"e2e-{Guid.NewGuid():N}"[..20], "cases:read");

        using var one = await ListAsync(first);
        using var two = await ListAsync(first);
        using var other = await ListAsync(second);

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var limit = long.Parse(Header(one, "RateLimit-Limit"), CultureInfo.InvariantCulture);
        Assert.Equal(limit - 1, long.Parse(Header(one, "RateLimit-Remaining"), CultureInfo.InvariantCulture));
        Assert.Equal(limit - 2, long.Parse(Header(two, "RateLimit-Remaining"), CultureInfo.InvariantCulture));
        Assert.Equal(limit - 1, long.Parse(Header(other, "RateLimit-Remaining"), CultureInfo.InvariantCulture));
        Assert.InRange(long.Parse(Header(two, "RateLimit-Reset"), CultureInfo.InvariantCulture), 1, 61);
    }

    private static Task<HttpResponseMessage> ListAsync(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/onboarding/cases");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Gateway.SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? Assert.Single(values) : throw new Xunit.Sdk.XunitException($"no {name} header");
}
