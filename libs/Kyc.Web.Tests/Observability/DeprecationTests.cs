using Kyc.Web.Tests.Support;
using Xunit;

namespace Kyc.Web.Tests.Observability;

[Collection(SharedAppCollection.Name)]
public sealed class DeprecationTests(SharedApp shared)
{
    private readonly TestApp _app = shared.App;

    [Fact]
    public async Task A_deprecated_endpoint_answers_with_deprecation_sunset_and_link()
    {
        using var response = await _app.Client().GetAsync("/v1/open/old");

        response.EnsureSuccessStatusCode();
        Assert.Equal($"@{TestEndpoints.DeprecatedSince.ToUnixTimeSeconds()}", Assert.Single(response.Headers.GetValues("Deprecation")));
        Assert.Equal("Sun, 30 Jun 2030 00:00:00 GMT", Assert.Single(response.Headers.GetValues("Sunset")));
        Assert.Equal("<https://docs.onboarding-kyc.dev/migrations/v2>; rel=\"deprecation\"; type=\"text/html\"", Assert.Single(response.Headers.GetValues("Link")));
    }

    [Fact]
    public async Task Other_endpoints_are_not_deprecated()
    {
        using var response = await _app.Client().GetAsync("/health/live");

        Assert.False(response.Headers.Contains("Deprecation"));
        Assert.False(response.Headers.Contains("Sunset"));
    }
}
