using Kyc.Testing;
using Kyc.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Kyc.Web.Tests.Hosting;

/// <summary>Responses are <c>Cache-Control: no-store</c> unless an endpoint caches deliberately (docs/security.md).</summary>
public sealed class CachingTests
{
    [Fact]
    public async Task Every_response_is_no_store_unless_its_endpoint_sets_its_own_cache_control()
    {
        await using var app = await TestApp.StartAsync(map: web => web.MapGet("/v1/open/catalogue", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=60";
            return Results.Ok(new { items = Array.Empty<string>() });
        }).AllowAnonymous());
        var token = await TestTokens.ForPartnerAsync("partner-cache", TestEndpoints.ReadScope);

        using var read = await app.Client(token).GetAsync("/v1/things/t-1");
        using var unauthenticated = await app.Client().GetAsync("/v1/things/t-1");
        using var failure = await app.Client().GetAsync("/v1/open/boom");
        using var unknownRoute = await app.Client().GetAsync("/v1/nowhere");
        using var deliberate = await app.Client().GetAsync("/v1/open/catalogue");

        Assert.Equal("no-store", read.Headers.CacheControl?.ToString());
        Assert.Equal("no-store", unauthenticated.Headers.CacheControl?.ToString());
        // ASP.NET Core's exception handler answers with its own "no-cache, no-store" (stricter, and still no-store).
        Assert.True(failure.Headers.CacheControl?.NoStore, failure.Headers.CacheControl?.ToString());
        Assert.Equal("no-store", unknownRoute.Headers.CacheControl?.ToString());
        Assert.Equal("public, max-age=60", deliberate.Headers.CacheControl?.ToString());
    }
}
