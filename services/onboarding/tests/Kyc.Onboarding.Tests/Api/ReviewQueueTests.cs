using System.Net;
using System.Text.Json;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>
/// Operators read every partner's cases (/v1/onboarding/review/cases: the operator role and cases:read), to find the
/// cases waiting for review and see what they decide on; partners cannot.
/// </summary>
public sealed class ReviewQueueTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    private const string Queue = "/v1/onboarding/review/cases";

    [Fact]
    public async Task An_operator_lists_the_submitted_cases_of_every_partner_and_filters_by_partner()
    {
        var (partnerA, partnerB) = (await app.NewPartnerAsync("queue-a"), await app.NewPartnerAsync("queue-b"));
        var submittedA = await SubmittedCaseAsync(partnerA, "DE");
        var submittedB = await SubmittedCaseAsync(partnerB, "US");
        var draftA = await partnerA.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var ops = await app.OperatorWithScopesAsync("cases:read");

        var submitted = await ListOkAsync(ops, "?status=submitted&page_size=100");
        var ids = submitted.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Contains(submittedA, ids);
        Assert.Contains(submittedB, ids);
        Assert.DoesNotContain(draftA.Id, ids);
        Assert.All(submitted.GetProperty("items").EnumerateArray(), i => Assert.Equal("submitted", i.GetProperty("status").GetString()));

        var ofA = await ListOkAsync(ops, $"?partner_id={partnerA.PartnerId}");
        Assert.Equal(2, ofA.GetProperty("total").GetInt64());
        Assert.All(ofA.GetProperty("items").EnumerateArray(), i => Assert.Equal(partnerA.PartnerId, i.GetProperty("partner_id").GetString()));
        Assert.Equal($"{Queue}?page=1&page_size=20&partner_id={partnerA.PartnerId}", ofA.GetProperty("links").GetProperty("self").GetString());

        using var bad = await ops.SendAsync(HttpMethod.Get, Queue + "?status=pending", null);
        await bad.ShouldBeValidationProblemAsync("status");
    }

    [Fact]
    public async Task An_operator_reads_any_partners_case_with_its_etag_and_decides_on_that_version()
    {
        var partner = await app.NewPartnerAsync();
        var caseId = await SubmittedCaseAsync(partner, "DE");
        var reader = await app.OperatorWithScopesAsync("cases:read");
        var ops = await app.OperatorAsync();
        using (var review = await ops.StartReviewAsync(caseId)) await review.ShouldHaveAsync(HttpStatusCode.OK);

        using var read = await reader.SendAsync(HttpMethod.Get, $"{Queue}/{caseId}", null);
        var body = await read.ShouldHaveAsync(HttpStatusCode.OK);

        Assert.Equal(partner.PartnerId, body.GetProperty("partner_id").GetString());
        Assert.Equal("in_review", body.GetProperty("status").GetString());
        Assert.Equal(3, body.GetProperty("parties").GetArrayLength());
        Assert.Equal("\"3\"", read.Headers.ETag?.Tag);
        using (var unchanged = await reader.SendAsync(HttpMethod.Get, $"{Queue}/{caseId}", null, ("If-None-Match", "\"3\"")))
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        using var decided = await ops.DecideAsync(caseId, "rejected", "sanctions_hit", null, ifMatch: read.Headers.ETag!.Tag);
        await decided.ShouldHaveAsync(HttpStatusCode.OK);
        using var missing = await reader.SendAsync(HttpMethod.Get, $"{Queue}/eu-{Guid.NewGuid()}", null);
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
    }

    [Fact]
    public async Task Partners_and_operators_without_cases_read_are_refused()
    {
        var partner = await app.NewPartnerAsync();
        var caseId = await SubmittedCaseAsync(partner, "DE");
        var decideOnly = await app.OperatorWithScopesAsync("cases:decide");

        using (var byPartner = await partner.SendAsync(HttpMethod.Get, $"{Queue}/{caseId}", null))
            await byPartner.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using (var listByPartner = await partner.SendAsync(HttpMethod.Get, Queue, null))
            await listByPartner.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using (var withoutScope = await decideOnly.SendAsync(HttpMethod.Get, $"{Queue}/{caseId}", null))
            await withoutScope.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
    }

    private static async Task<string> SubmittedCaseAsync(ApiClient partner, string jurisdiction)
    {
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase(jurisdiction));
        using (var submit = await partner.SubmitAsync(created.Id)) await submit.ShouldHaveAsync(HttpStatusCode.OK);
        return created.Id;
    }

    private static async Task<JsonElement> ListOkAsync(ApiClient client, string query)
    {
        using var response = await client.SendAsync(HttpMethod.Get, Queue + query, null);
        return await response.ShouldHaveAsync(HttpStatusCode.OK);
    }
}
