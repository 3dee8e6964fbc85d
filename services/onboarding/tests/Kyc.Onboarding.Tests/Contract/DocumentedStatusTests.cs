using System.Net;
using System.Text.Json.Nodes;
using Kyc.Onboarding.Tests.Support;
using Xunit;
using Kyc.Testing;

namespace Kyc.Onboarding.Tests.Contract;

/// <summary>
/// What the endpoints answer is what services/onboarding/openapi.yaml documents: every status a partner or operator gets
/// on a walk through the lifecycle (successes and the usual refusals) is listed for its operation, and every documented
/// success is what the operation answers. The drift test compares the document with the code; this one compares it with
/// the behaviour.
/// </summary>
public sealed class DocumentedStatusTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task Every_status_an_operation_answers_is_documented_and_every_documented_success_is_answered()
    {
        var statuses = DocumentedStatuses.Of(await app.ClientWithToken(null).GetStringAsync("/openapi/v1.yaml"));
        Task<HttpResponseMessage> Record(string operation, Task<HttpResponseMessage> call) => statuses.RecordAsync(operation, call);

        var partner = await app.NewPartnerAsync();
        var ops = await app.OperatorAsync();
        var reader = await app.OperatorWithScopesAsync("cases:read");
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var id = created.Id;
        statuses.Record("createCase", 201);
        await Record("createCase", partner.SendAsync(HttpMethod.Post, ApiClient.Cases, Json.Content(CaseBodies.CompleteCase())));
        await Record("createCase", partner.CreateCaseAsync(new JsonObject { ["company"] = new JsonObject() }));
        await Record("getCase", partner.GetCaseAsync(id));
        await Record("getCase", partner.GetCaseAsync(id, created.ETag));
        await Record("getCase", partner.GetCaseAsync("eu-0193f7a2-c4b8-7e3a-9f2b-1c4d5e6f7a8b"));
        await Record("listCases", partner.ListAsync());
        await Record("listCases", partner.ListAsync("?page_size=1000"));
        await Record("updateCase", partner.PatchCaseAsync(id, new JsonObject { ["external_reference"] = "crm-doc" }, null));
        await Record("updateCase", partner.PatchCaseAsync(id, new JsonObject { ["external_reference"] = "crm-doc" }, "\"9\""));
        await Record("updateCase", partner.PatchCaseAsync(id, new JsonObject { ["external_reference"] = "crm-doc" }, "\"1\""));
        await Record("addParty", partner.AddPartyAsync(id, CaseBodies.DirectorParty("李小龙")));
        await Record("updateParty", partner.UpdatePartyAsync(id, created.PartyId(1), CaseBodies.UboParty("Анна Петрова", 55), null));
        await Record("updateParty", partner.UpdatePartyAsync(id, created.PartyId(1), CaseBodies.UboParty("Анна Петрова", 55), "\"3\""));
        await Record("removeParty", partner.RemovePartyAsync(id, created.PartyId(2), null));
        await Record("removeParty", partner.RemovePartyAsync(id, created.PartyId(2), "\"4\""));
        await Record("removeParty", partner.RemovePartyAsync(id, created.PartyId(2), "\"5\""));
        await Record("submitCase", partner.SubmitAsync(id));
        await Record("submitCase", partner.SubmitAsync(id));
        await Record("listCasesForReview", reader.SendAsync(HttpMethod.Get, "/v1/onboarding/review/cases?status=submitted", null));
        await Record("getCaseForReview", reader.SendAsync(HttpMethod.Get, $"/v1/onboarding/review/cases/{id}", null));
        await Record("startReview", ops.StartReviewAsync(id));
        await Record("requestInfo", ops.RequestInfoAsync(id, "Not A Code"));
        await Record("requestInfo", ops.RequestInfoAsync(id, "missing_documents"));
        await Record("submitCase", partner.SubmitAsync(id));
        await Record("startReview", ops.StartReviewAsync(id));
        await Record("decideCase", ops.DecideAsync(id, "approved", "all_checks_passed"));
        await Record("decideCase", ops.DecideAsync(id, "approved", "all_checks_passed"));

        Assert.Empty(statuses.Mismatches());
    }
}
