using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>Case and party responses carry personal data: no cache may keep them (docs/security.md).</summary>
public sealed class CacheControlTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task Case_and_party_reads_and_writes_are_no_store()
    {
        var partner = await app.NewPartnerAsync();

        using var create = await partner.CreateCaseAsync(CaseBodies.CreateCase());
        var created = await partner.CreateCaseOkAsync(CaseBodies.CreateCase());
        using var read = await partner.GetCaseAsync(created.Id);
        using var list = await partner.ListAsync();
        using var party = await partner.AddPartyAsync(created.Id, CaseBodies.DirectorParty(), ifMatch: created.ETag);

        Assert.All(new[] { create, read, list, party }, response =>
        {
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage!.RequestUri}");
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        });
    }
}
