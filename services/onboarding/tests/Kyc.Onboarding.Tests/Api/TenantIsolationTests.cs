using System.Net;
using System.Text.Json.Nodes;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>A partner never sees or changes another partner's case: it is answered as if it did not exist (404).</summary>
public sealed class TenantIsolationTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Theory]
    [InlineData("DE")]
    [InlineData("US")]
    public async Task Another_partners_case_is_not_found_for_every_operation(string jurisdiction)
    {
        var partnerA = await app.NewPartnerAsync("partner-a");
        var partnerB = await app.NewPartnerAsync("partner-b");
        var caseOfA = await partnerA.CreateCaseOkAsync(CaseBodies.CompleteCase(jurisdiction, "ref-of-a"));
        var partyOfA = caseOfA.PartyId(0);

        using (var r = await partnerB.GetCaseAsync(caseOfA.Id)) await r.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        using (var r = await partnerB.GetCaseAsync(caseOfA.Id, ifNoneMatch: "\"1\"")) await r.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        using (var r = await partnerB.PatchCaseAsync(caseOfA.Id, new JsonObject { ["external_reference"] = "taken-over" }, "\"1\""))
            await r.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        using (var r = await partnerB.SubmitAsync(caseOfA.Id)) await r.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        using (var r = await partnerB.AddPartyAsync(caseOfA.Id, CaseBodies.DirectorParty("李小龙")))
            await r.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        using (var r = await partnerB.UpdatePartyAsync(caseOfA.Id, partyOfA, CaseBodies.DirectorParty("李小龙"), "\"1\""))
            await r.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        using (var r = await partnerB.RemovePartyAsync(caseOfA.Id, partyOfA, "\"1\""))
            await r.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");

        var unchanged = await partnerA.GetCaseOkAsync(caseOfA.Id);
        Assert.Equal(caseOfA.Json.GetRawText(), unchanged.Json.GetRawText());
        Assert.Equal(1, await app.DatabaseOf(caseOfA.Id).CaseVersionAsync(caseOfA.Id));
        Assert.Equal(0, await app.DatabaseOf(caseOfA.Id).CountIdempotencyKeysAsync(partnerB.PartnerId));
    }

    [Fact]
    public async Task Lists_show_only_the_partners_own_cases()
    {
        var partnerA = await app.NewPartnerAsync("partner-a");
        var partnerB = await app.NewPartnerAsync("partner-b");
        var ofA = new List<string>();
        foreach (var jurisdiction in new[] { "DE", "US", "FR" }) ofA.Add((await partnerA.CreateCaseOkAsync(CaseBodies.CompleteCase(jurisdiction, "shared-ref"))).Id);
        var ofB = (await partnerB.CreateCaseOkAsync(CaseBodies.CompleteCase("CA", "shared-ref"))).Id;

        var listB = await partnerB.ListOkAsync("page_size=100");
        var byReference = await partnerB.ListOkAsync("external_reference=shared-ref");
        var listA = await partnerA.ListOkAsync("page_size=100");

        Assert.Equal([ofB], listB.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(1, listB.GetProperty("total").GetInt64());
        Assert.Equal([ofB], byReference.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(ofA.AsEnumerable().Reverse(), listA.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
        Assert.Equal(3, listA.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_partner_that_has_no_cases_sees_an_empty_list()
    {
        var partner = await app.NewPartnerAsync();

        var list = await partner.ListOkAsync();

        Assert.Equal(0, list.GetProperty("total").GetInt64());
        Assert.Empty(list.GetProperty("items").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, list.GetProperty("links").GetProperty("next").ValueKind);
    }
}
