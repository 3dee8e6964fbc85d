using System.Net;
using System.Text.Json.Nodes;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>Optimistic concurrency: of two changes made from the same version, exactly one wins.</summary>
public sealed class ConcurrencyTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task Two_patches_with_the_same_if_match_one_succeeds_and_the_other_is_412()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        var responses = await Task.WhenAll(
            partner.PatchCaseAsync(created.Id, new JsonObject { ["external_reference"] = "writer-a" }, "\"1\""),
            partner.PatchCaseAsync(created.Id, new JsonObject { ["external_reference"] = "writer-b" }, "\"1\""));
        try
        {
            var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            var loser = Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK);
            await loser.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
            var won = await winner.ShouldHaveAsync(HttpStatusCode.OK);

            var read = await partner.GetCaseOkAsync(created.Id);
            Assert.Equal(2, read.Version);
            Assert.Equal(won.GetProperty("external_reference").GetString(), read.Json.GetProperty("external_reference").GetString());
            Assert.Single(await app.Eu.OutboxAsync(created.Id), r => r.EventType == "kyc.onboarding.case.updated.v1");
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }
    }

    [Fact]
    public async Task Many_concurrent_changes_from_one_version_leave_exactly_one_applied()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        var responses = await Task.WhenAll(
            partner.PatchCaseAsync(created.Id, new JsonObject { ["external_reference"] = "writer-a" }, "\"1\""),
            partner.AddPartyAsync(created.Id, CaseBodies.DirectorParty("李小龙"), ifMatch: "\"1\""),
            partner.UpdatePartyAsync(created.Id, created.PartyId(1), CaseBodies.UboParty("Анна Петрова", 55), "\"1\""),
            partner.RemovePartyAsync(created.Id, created.PartyId(2), "\"1\""),
            partner.SubmitAsync(created.Id, "\"1\""));
        try
        {
            Assert.Single(responses, r => r.IsSuccessStatusCode);
            foreach (var refused in responses.Where(r => !r.IsSuccessStatusCode))
                await refused.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
            Assert.Equal(2, (await partner.GetCaseOkAsync(created.Id)).Version);
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }
    }
}
