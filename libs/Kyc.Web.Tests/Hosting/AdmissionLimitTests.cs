using System.Net;
using Kyc.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Kyc.Web.Tests.Hosting;

public sealed class AdmissionLimitTests
{
    [Fact]
    public async Task A_request_beyond_the_bound_is_refused_with_503_and_retry_after_until_one_in_flight_finishes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await TestApp.StartAsync(
            map: a => a.MapGet("/v1/open/slow", async () =>
            {
                started.TrySetResult();
                await release.Task;
                return Results.Ok(new { done = true });
            }).AllowAnonymous(),
            settings: new Dictionary<string, string?> { ["Web:MaxConcurrentRequests"] = "1" });
        var client = app.Client();

        var slow = client.GetAsync("/v1/open/slow");
        await started.Task;
        using (var refused = await client.GetAsync("/v1/open/slow"))
        {
            await Problem.ReadAsync(refused, HttpStatusCode.ServiceUnavailable, "service_unavailable");
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        }
        using (var health = await client.GetAsync("/health/live"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        release.SetResult();
        using (var first = await slow) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var after = await client.GetAsync("/v1/open/slow");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task The_bound_is_128_concurrent_requests_unless_configured()
    {
        await using var app = await TestApp.StartAsync();

        Assert.Equal(128, ((KycWebOptions)app.Services.GetService(typeof(KycWebOptions))!).MaxConcurrentRequests);
    }
}
