using System.Net;
using System.Text.Json.Nodes;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>
/// If-Match is a list of entity tags (RFC 9110 13.1.1): the condition holds when any listed tag is the current one, or for
/// <c>*</c>; every endpoint that takes If-Match reads it so.
/// </summary>
public sealed class IfMatchListTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    private static string ListWith(int current) => $"\"{current + 40}\", W/\"{current}\", \"{current}\"";

    [Fact]
    public async Task Every_change_succeeds_with_a_list_of_tags_that_names_the_current_version_among_others()
    {
        var partner = await app.NewPartnerAsync();
        var ops = await app.OperatorAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var id = created.Id;

        async Task Expect(Func<string, Task<HttpResponseMessage>> change, int current, HttpStatusCode status)
        {
            using var response = await change(ListWith(current));
            await response.ShouldHaveAsync(status);
            Assert.Equal($"\"{current + 1}\"", response.Headers.ETag?.Tag);
        }

        await Expect(m => partner.PatchCaseAsync(id, new JsonObject { ["external_reference"] = "crm-list" }, m), 1, HttpStatusCode.OK);
        await Expect(m => partner.AddPartyAsync(id, CaseBodies.DirectorParty("李小龙"), ifMatch: m), 2, HttpStatusCode.Created);
        await Expect(m => partner.UpdatePartyAsync(id, created.PartyId(1), CaseBodies.UboParty("Анна Петрова", 55), m), 3, HttpStatusCode.OK);
        await Expect(m => partner.RemovePartyAsync(id, created.PartyId(2), m), 4, HttpStatusCode.NoContent);
        await Expect(m => partner.SubmitAsync(id, m), 5, HttpStatusCode.OK);
        await Expect(m => ops.StartReviewAsync(id, m), 6, HttpStatusCode.OK);
        await Expect(m => ops.RequestInfoAsync(id, "missing_documents", ifMatch: m), 7, HttpStatusCode.OK);
        await Expect(m => partner.SubmitAsync(id, m), 8, HttpStatusCode.OK);
        await Expect(m => ops.StartReviewAsync(id, m), 9, HttpStatusCode.OK);
        await Expect(m => ops.DecideAsync(id, "approved", "all_checks_passed", ifMatch: m), 10, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("\"7\", \"8\"")]
    [InlineData("W/\"1\"")]
    [InlineData("\"1\" \"2\"")]
    [InlineData("1")]
    public async Task A_list_without_the_current_strong_tag_or_no_list_at_all_is_412_and_changes_nothing(string ifMatch)
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        using var patch = await partner.PatchCaseAsync(created.Id, new JsonObject { ["external_reference"] = "crm-stale" }, ifMatch);
        using var submit = await partner.SubmitAsync(created.Id, ifMatch);

        await patch.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        await submit.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(1, (await partner.GetCaseOkAsync(created.Id)).Version);
    }

    [Fact]
    public async Task A_star_changes_the_case_whatever_its_version_on_every_endpoint_that_takes_if_match()
    {
        var partner = await app.NewPartnerAsync();
        var ops = await app.OperatorAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var id = created.Id;

        foreach (var change in new Func<Task<HttpResponseMessage>>[]
                 {
                     () => partner.AddPartyAsync(id, CaseBodies.DirectorParty("李小龙"), ifMatch: "*"),
                     () => partner.UpdatePartyAsync(id, created.PartyId(1), CaseBodies.UboParty("Анна Петрова", 55), "*"),
                     () => partner.RemovePartyAsync(id, created.PartyId(2), "*"),
                     () => partner.SubmitAsync(id, "*"),
                     () => ops.StartReviewAsync(id, "*"),
                     () => ops.DecideAsync(id, "rejected", "sanctions_hit", ifMatch: "*"),
                 })
        {
            using var response = await change();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {(int)response.StatusCode}");
        }
        Assert.Equal("rejected", (await partner.GetCaseOkAsync(id)).Status);
    }
}
