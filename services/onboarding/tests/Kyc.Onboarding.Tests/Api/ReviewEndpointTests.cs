using System.Net;
using System.Text.Json;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>Operators take submitted cases into review, ask for more information, and approve or reject.</summary>
public sealed class ReviewEndpointTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task A_case_goes_to_review_back_to_the_partner_for_information_and_is_approved_after_resubmission()
    {
        var partner = await app.NewPartnerAsync();
        var ops = await app.OperatorAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        using (var submit = await partner.SubmitAsync(created.Id)) await submit.ShouldHaveAsync(HttpStatusCode.OK);

        using (var review = await ops.StartReviewAsync(created.Id, ifMatch: "\"2\""))
        {
            var body = await review.ShouldHaveAsync(HttpStatusCode.OK);
            Assert.Equal("in_review", body.GetProperty("status").GetString());
            Assert.Equal("\"3\"", review.Headers.ETag?.Tag);
        }

        using (var request = await ops.RequestInfoAsync(created.Id, "missing_documents", "Bitte den Handelsregisterauszug nachreichen."))
        {
            var body = await request.ShouldHaveAsync(HttpStatusCode.OK);
            Assert.Equal("info_requested", body.GetProperty("status").GetString());
            Assert.Equal("missing_documents", body.GetProperty("info_request").GetProperty("reason_code").GetString());
            Assert.Equal("Bitte den Handelsregisterauszug nachreichen.", body.GetProperty("info_request").GetProperty("note").GetString());
            Assert.Equal("\"4\"", request.Headers.ETag?.Tag);
        }

        // The partner sees the request, adds what was asked for, and submits again.
        var asked = await partner.GetCaseOkAsync(created.Id);
        Assert.Equal("info_requested", asked.Status);
        Assert.Equal("missing_documents", asked.Json.GetProperty("info_request").GetProperty("reason_code").GetString());
        using (var add = await partner.AddPartyAsync(created.Id, CaseBodies.Person("Søren Kierkegaard", ["signatory"], null, "DK"), ifMatch: "\"4\""))
            await add.ShouldHaveAsync(HttpStatusCode.Created);
        using (var patch = await partner.PatchCaseAsync(created.Id, new System.Text.Json.Nodes.JsonObject { ["external_reference"] = "ref-resubmitted" }, "\"5\""))
            await patch.ShouldHaveAsync(HttpStatusCode.OK);
        using (var resubmit = await partner.SubmitAsync(created.Id, ifMatch: "\"6\""))
        {
            var body = await resubmit.ShouldHaveAsync(HttpStatusCode.OK);
            Assert.Equal("submitted", body.GetProperty("status").GetString());
        }

        using (var review = await ops.StartReviewAsync(created.Id)) await review.ShouldHaveAsync(HttpStatusCode.OK);
        using var decided = await ops.DecideAsync(created.Id, "approved", "all_checks_passed", "Alles in Ordnung.");

        var decision = await decided.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal("approved", decision.GetProperty("status").GetString());
        Assert.Equal("approved", decision.GetProperty("decision").GetProperty("outcome").GetString());
        Assert.Equal("all_checks_passed", decision.GetProperty("decision").GetProperty("reason_code").GetString());
        Assert.Equal("Alles in Ordnung.", decision.GetProperty("decision").GetProperty("note").GetString());
        Assert.Equal("\"9\"", decided.Headers.ETag?.Tag);
        var final = await partner.GetCaseOkAsync(created.Id);
        Assert.Equal("approved", final.Status);
        Assert.Equal(9, final.Version);
        Assert.Equal(4, final.Json.GetProperty("parties").GetArrayLength());
    }

    [Fact]
    public async Task A_case_in_review_is_rejected_with_a_reason_code()
    {
        var partner = await app.NewPartnerAsync();
        var ops = await app.OperatorAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase("US"));
        using (var submit = await partner.SubmitAsync(created.Id)) await submit.ShouldHaveAsync(HttpStatusCode.OK);
        using (var review = await ops.StartReviewAsync(created.Id)) await review.ShouldHaveAsync(HttpStatusCode.OK);

        using var decided = await ops.DecideAsync(created.Id, "rejected", "sanctions_hit");

        var body = await decided.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal("rejected", body.GetProperty("status").GetString());
        Assert.Equal("rejected", body.GetProperty("decision").GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("decision").GetProperty("note").ValueKind);
        Assert.Equal("rejected", (await partner.GetCaseOkAsync(created.Id)).Status);
    }

    [Fact]
    public async Task Operators_must_give_a_valid_outcome_and_reason_code()
    {
        var partner = await app.NewPartnerAsync();
        var ops = await app.OperatorAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        using var badDecision = await ops.DecideAsync(created.Id, "maybe", "Not A Code");
        await badDecision.ShouldBeValidationProblemAsync("outcome", "reason_code");
        using var noReason = await ops.RequestInfoAsync(created.Id, null, "note\u0007");
        await noReason.ShouldBeValidationProblemAsync("reason_code", "note");
    }

    [Fact]
    public async Task Operators_act_only_with_the_current_version_when_they_send_if_match()
    {
        var partner = await app.NewPartnerAsync();
        var ops = await app.OperatorAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        using (var submit = await partner.SubmitAsync(created.Id)) await submit.ShouldHaveAsync(HttpStatusCode.OK);

        using var stale = await ops.StartReviewAsync(created.Id, ifMatch: "\"1\"");

        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal("submitted", (await partner.GetCaseOkAsync(created.Id)).Status);
    }
}
