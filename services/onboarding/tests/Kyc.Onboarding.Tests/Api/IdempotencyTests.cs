using System.Net;
using System.Text.Json.Nodes;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>
/// A creating POST with an Idempotency-Key happens once: a repeat with the same key and body gets the first response
/// again, byte for byte; the same key with another body is refused. Keys are scoped per partner.
/// </summary>
public sealed class IdempotencyTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task A_repeated_create_replays_the_first_response_and_creates_nothing_more()
    {
        var partner = await app.NewPartnerAsync();
        var key = ApiClient.NewKey();
        var body = CaseBodies.CompleteCase();

        using var first = await partner.CreateCaseAsync(body, key);
        var firstBytes = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var second = await partner.CreateCaseAsync(body, key);
        var secondBytes = await second.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(firstBytes, secondBytes);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        Assert.Null(first.Header("Idempotent-Replayed"));
        Assert.Equal("true", second.Header("Idempotent-Replayed"));

        var caseId = Json.Parse(System.Text.Encoding.UTF8.GetString(firstBytes)).GetProperty("id").GetString()!;
        Assert.Equal(1, (await partner.ListOkAsync()).GetProperty("total").GetInt64());
        Assert.Equal(1, await app.Eu.CountCasesAsync(partner.PartnerId));
        Assert.Equal(0, await app.Us.CountCasesAsync(partner.PartnerId));
        Assert.Equal(["kyc.onboarding.case.created.v1", "kyc.onboarding.party.added.v1", "kyc.onboarding.party.added.v1", "kyc.onboarding.party.added.v1"],
            (await app.Eu.OutboxAsync(caseId)).Select(r => r.EventType));
        Assert.Equal(1, await app.Eu.CountIdempotencyKeysAsync(partner.PartnerId));
    }

    [Fact]
    public async Task A_replay_answers_the_stored_response_even_after_the_case_changed()
    {
        var partner = await app.NewPartnerAsync();
        var key = ApiClient.NewKey();
        var body = CaseBodies.CompleteCase();
        var created = await partner.CreateCaseOkAsync(body); // a different key: just to have another case around
        using var first = await partner.CreateCaseAsync(body, key);
        var original = await first.ShouldHaveAsync(HttpStatusCode.Created);
        var id = original.GetProperty("id").GetString()!;
        using (var patch = await partner.PatchCaseAsync(id, new JsonObject { ["external_reference"] = "changed-later" }, "\"1\""))
            await patch.ShouldHaveAsync(HttpStatusCode.OK);

        using var replay = await partner.CreateCaseAsync(body, key);

        Assert.Equal(original.GetRawText(), (await replay.ShouldHaveAsync(HttpStatusCode.Created)).GetRawText());
        Assert.Equal("\"1\"", replay.Headers.ETag?.Tag);
        Assert.NotEqual(created.Id, id);
        Assert.Equal(2, await app.Eu.CountCasesAsync(partner.PartnerId));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_idempotency_key_reused()
    {
        var partner = await app.NewPartnerAsync();
        var key = ApiClient.NewKey();
        using (var first = await partner.CreateCaseAsync(CaseBodies.CompleteCase("DE", "ref-one"), key)) await first.ShouldHaveAsync(HttpStatusCode.Created);

        using var reused = await partner.CreateCaseAsync(CaseBodies.CompleteCase("DE", "ref-two"), key);

        await reused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(1, await app.Eu.CountCasesAsync(partner.PartnerId));
    }

    [Fact]
    public async Task Five_concurrent_identical_requests_create_exactly_one_case()
    {
        var partner = await app.NewPartnerAsync();
        var key = ApiClient.NewKey();
        var body = CaseBodies.CompleteCase("US");

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => partner.CreateCaseAsync(body, key)));
        try
        {
            var bodies = new List<string>();
            foreach (var response in responses) bodies.Add((await response.ShouldHaveAsync(HttpStatusCode.Created)).GetRawText());

            Assert.Single(bodies.Distinct());
            Assert.Single(responses.Select(r => r.Headers.Location?.OriginalString).Distinct());
            Assert.Single(responses, r => r.Header("Idempotent-Replayed") is null);
            Assert.Equal(1, await app.Us.CountCasesAsync(partner.PartnerId));
            Assert.Equal(0, await app.Eu.CountCasesAsync(partner.PartnerId));
            var caseId = Json.Parse(bodies[0]).GetProperty("id").GetString()!;
            Assert.Equal(4, (await app.Us.OutboxAsync(caseId)).Count);
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }
    }

    [Fact]
    public async Task Two_partners_use_the_same_key_independently()
    {
        var partnerA = await app.NewPartnerAsync("partner-a");
        var partnerB = await app.NewPartnerAsync("partner-b");
        var key = ApiClient.NewKey();
        var body = CaseBodies.CompleteCase();

        using var a = await partnerA.CreateCaseAsync(body, key);
        using var b = await partnerB.CreateCaseAsync(body, key);

        var caseA = await a.ShouldHaveAsync(HttpStatusCode.Created);
        var caseB = await b.ShouldHaveAsync(HttpStatusCode.Created);
        Assert.Null(b.Header("Idempotent-Replayed"));
        Assert.NotEqual(caseA.GetProperty("id").GetString(), caseB.GetProperty("id").GetString());
        Assert.Equal(1, await app.Eu.CountCasesAsync(partnerA.PartnerId));
        Assert.Equal(1, await app.Eu.CountCasesAsync(partnerB.PartnerId));
        using var otherBody = await partnerB.CreateCaseAsync(CaseBodies.CompleteCase("DE", "ref-b"), key);
        await otherBody.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Fact]
    public async Task A_repeated_party_addition_adds_the_party_once()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CreateCase());
        var key = ApiClient.NewKey();
        var party = CaseBodies.DirectorParty("李小龙");

        using var first = await partner.AddPartyAsync(created.Id, party, key);
        using var second = await partner.AddPartyAsync(created.Id, party, key);

        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("true", second.Header("Idempotent-Replayed"));
        var read = await partner.GetCaseOkAsync(created.Id);
        Assert.Single(read.Json.GetProperty("parties").EnumerateArray());
        Assert.Equal(2, read.Version);

        // The same key on another case's path is another request.
        var other = await partner.CreateCaseOkAsync(CaseBodies.CreateCase());
        using var elsewhere = await partner.AddPartyAsync(other.Id, party, key);
        await elsewhere.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Fact]
    public async Task A_repeated_party_addition_after_the_case_was_submitted_replays_instead_of_refusing()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var key = ApiClient.NewKey();
        var party = CaseBodies.DirectorParty("Zoë Ångström");
        using var first = await partner.AddPartyAsync(created.Id, party, key);
        var firstBytes = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using (var submit = await partner.SubmitAsync(created.Id)) await submit.ShouldHaveAsync(HttpStatusCode.OK);

        using var repeat = await partner.AddPartyAsync(created.Id, party, key);

        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal("true", repeat.Header("Idempotent-Replayed"));
        Assert.Equal(firstBytes, await repeat.Content.ReadAsByteArrayAsync());
        using var fresh = await partner.AddPartyAsync(created.Id, party, ApiClient.NewKey());
        await fresh.ShouldBeProblemAsync(HttpStatusCode.Conflict, "case_not_editable");
    }

    [Fact]
    public async Task Concurrent_copies_of_a_party_addition_over_an_expired_key_add_the_party_once()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var partiesAtStart = created.Json.GetProperty("parties").GetArrayLength();
        var key = ApiClient.NewKey();
        using (var old = await partner.AddPartyAsync(created.Id, CaseBodies.DirectorParty("Ada Lovelace"), key))
            await old.ShouldHaveAsync(HttpStatusCode.Created);
        await app.Eu.ExpireIdempotencyKeyAsync(partner.PartnerId, key);
        var party = CaseBodies.DirectorParty("Grace Hopper");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => partner.AddPartyAsync(created.Id, party, key)));
        try
        {
            var bodies = new List<string>();
            foreach (var response in responses) bodies.Add((await response.ShouldHaveAsync(HttpStatusCode.Created)).GetRawText());
            Assert.Single(bodies.Distinct());
            Assert.Single(responses, r => r.Header("Idempotent-Replayed") is null);
            var read = await partner.GetCaseOkAsync(created.Id);
            Assert.Equal(partiesAtStart + 2, read.Json.GetProperty("parties").GetArrayLength());
            Assert.Equal(2, await app.Eu.CountIdempotencyKeysAsync(partner.PartnerId)); // the case's key and this one
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }
    }

    [Fact]
    public async Task An_expired_key_not_yet_purged_is_used_for_a_new_request()
    {
        var partner = await app.NewPartnerAsync();
        var key = ApiClient.NewKey();
        using var old = await partner.CreateCaseAsync(CaseBodies.CompleteCase("DE", "ref-old"), key);
        var first = await old.ShouldHaveAsync(HttpStatusCode.Created);
        await app.Eu.ExpireIdempotencyKeyAsync(partner.PartnerId, key);

        using var second = await partner.CreateCaseAsync(CaseBodies.CompleteCase("DE", "ref-new"), key);

        var created = await second.ShouldHaveAsync(HttpStatusCode.Created);
        Assert.Null(second.Header("Idempotent-Replayed"));
        Assert.NotEqual(first.GetProperty("id").GetString(), created.GetProperty("id").GetString());
        Assert.Equal(2, await app.Eu.CountCasesAsync(partner.PartnerId));
        Assert.Equal(1, await app.Eu.CountIdempotencyKeysAsync(partner.PartnerId));
        using var replay = await partner.CreateCaseAsync(CaseBodies.CompleteCase("DE", "ref-new"), key);
        Assert.Equal(created.GetRawText(), (await replay.ShouldHaveAsync(HttpStatusCode.Created)).GetRawText());
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_refused_request_does_not_use_up_its_key()
    {
        var partner = await app.NewPartnerAsync();
        var key = ApiClient.NewKey();
        var invalid = CaseBodies.CompleteCase();
        invalid["company"]!["jurisdiction"] = "XX";

        using (var refused = await partner.CreateCaseAsync(invalid, key)) await refused.ShouldBeValidationProblemAsync("company.jurisdiction");
        using var accepted = await partner.CreateCaseAsync(CaseBodies.CompleteCase(), key);

        await accepted.ShouldHaveAsync(HttpStatusCode.Created);
        Assert.Null(accepted.Header("Idempotent-Replayed"));
    }
}
