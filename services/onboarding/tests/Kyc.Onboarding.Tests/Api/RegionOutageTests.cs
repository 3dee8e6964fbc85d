using System.Net;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>One region's database goes away (its connections refused and ended) and comes back, the service running on.</summary>
public sealed class RegionOutageTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task A_region_without_its_database_answers_503_retryable_while_the_other_region_works_on()
    {
        var partner = await app.NewPartnerAsync();
        var key = ApiClient.NewKey();
        var usCase = CaseBodies.CompleteCase("US");
        await app.Us.SetAvailableAsync(false);
        try
        {
            using var refused = await partner.CreateCaseAsync(usCase, key);
            await refused.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);

            // The other region's Idempotency-Keys go unchecked meanwhile; its creates do not wait for it.
            using var elsewhere = await partner.CreateCaseAsync(CaseBodies.CompleteCase("DE"));
            await elsewhere.ShouldHaveAsync(HttpStatusCode.Created);
            Assert.Contains(app.Logs.Entries, e => e.EventId.Id == 4310 && Equals(e.State["OtherRegion"], "us"));

            using var client = app.ClientWithToken(null);
            using var ready = await client.GetAsync("/health/ready"); // degraded, but still in rotation for the other region
            var health = await ready.ShouldHaveAsync(HttpStatusCode.OK);
            Assert.Equal("degraded", health.GetProperty("status").GetString());
            Assert.Contains("region(s) us", health.GetRawText(), StringComparison.Ordinal);
            Assert.Contains(app.Logs.Entries, e => e.Category.EndsWith("ProblemExceptionHandler", StringComparison.Ordinal) && e.EventId.Id == 5030);
        }
        finally
        {
            await app.Us.SetAvailableAsync(true);
        }

        using var retried = await partner.CreateCaseAsync(usCase, key);
        await retried.ShouldHaveAsync(HttpStatusCode.Created);
        Assert.Null(retried.Header("Idempotent-Replayed"));
        Assert.Equal(1, await app.Us.CountCasesAsync(partner.PartnerId));
        Assert.Equal(1, await app.Eu.CountCasesAsync(partner.PartnerId));
    }
}
