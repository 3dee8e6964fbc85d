using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>Every refusal is RFC 9457 problem+json with a stable code and a trace id.</summary>
public sealed class ErrorResponseTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Theory]
    [InlineData("eu-0193f7a2-c4b8-7e3a-9f2b-1c4d5e6f7a8b")] // well-formed, but no such case
    [InlineData("us-0193f7a2-c4b8-7e3a-9f2b-1c4d5e6f7a8b")]
    [InlineData("zz-0193f7a2-c4b8-7e3a-9f2b-1c4d5e6f7a8b")] // a region this deployment does not have
    [InlineData("not-a-case-id")]
    [InlineData("EU-0193F7A2-C4B8-7E3A-9F2B-1C4D5E6F7A8B")]
    [InlineData("eu-0193f7a2c4b87e3a9f2b1c4d5e6f7a8b")]
    public async Task An_unknown_malformed_or_unroutable_case_id_is_case_not_found_everywhere(string caseId)
    {
        var partner = await app.PartnerAsync("partner-a");

        using (var get = await partner.GetCaseAsync(caseId)) await get.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        using (var patch = await partner.PatchCaseAsync(caseId, new JsonObject { ["external_reference"] = "x" }, "\"1\""))
            await patch.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        using (var submit = await partner.SubmitAsync(caseId)) await submit.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        using (var add = await partner.AddPartyAsync(caseId, CaseBodies.DirectorParty()))
            await add.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        using (var remove = await partner.RemovePartyAsync(caseId, Guid.NewGuid().ToString(), "\"1\""))
            await remove.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
        var ops = await app.OperatorAsync();
        using (var review = await ops.StartReviewAsync(caseId)) await review.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
    }

    [Fact]
    public async Task A_transition_the_lifecycle_does_not_allow_is_409_illegal_transition()
    {
        var partner = await app.NewPartnerAsync();
        var ops = await app.OperatorAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        using (var review = await ops.StartReviewAsync(created.Id)) await review.ShouldBeProblemAsync(HttpStatusCode.Conflict, "illegal_transition");
        using (var decide = await ops.DecideAsync(created.Id, "approved", "all_checks_passed"))
            await decide.ShouldBeProblemAsync(HttpStatusCode.Conflict, "illegal_transition");
        using (var submit = await partner.SubmitAsync(created.Id)) await submit.ShouldHaveAsync(HttpStatusCode.OK);
        using (var again = await partner.SubmitAsync(created.Id)) await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "illegal_transition");
        using (var info = await ops.RequestInfoAsync(created.Id, "missing_documents"))
            await info.ShouldBeProblemAsync(HttpStatusCode.Conflict, "illegal_transition");
        Assert.Equal(2, (await partner.GetCaseOkAsync(created.Id)).Version);
    }

    [Fact]
    public async Task Changing_a_case_that_is_no_longer_editable_is_409_case_not_editable()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        using (var submit = await partner.SubmitAsync(created.Id)) await submit.ShouldHaveAsync(HttpStatusCode.OK);

        using (var patch = await partner.PatchCaseAsync(created.Id, new JsonObject { ["external_reference"] = "late-change" }, "\"2\""))
            await patch.ShouldBeProblemAsync(HttpStatusCode.Conflict, "case_not_editable");
        using (var add = await partner.AddPartyAsync(created.Id, CaseBodies.DirectorParty("李小龙")))
            await add.ShouldBeProblemAsync(HttpStatusCode.Conflict, "case_not_editable");
        using (var update = await partner.UpdatePartyAsync(created.Id, created.PartyId(0), CaseBodies.DirectorParty("李小龙"), "\"2\""))
            await update.ShouldBeProblemAsync(HttpStatusCode.Conflict, "case_not_editable");
        using (var remove = await partner.RemovePartyAsync(created.Id, created.PartyId(0), "\"2\""))
            await remove.ShouldBeProblemAsync(HttpStatusCode.Conflict, "case_not_editable");
        Assert.Equal(2, (await partner.GetCaseOkAsync(created.Id)).Version);
    }

    [Fact]
    public async Task Submitting_an_incomplete_case_is_422_case_incomplete_naming_what_is_missing()
    {
        var partner = await app.NewPartnerAsync();
        var body = CaseBodies.CreateCase("DE");
        body["company"]!["registration_number"] = null;
        var created = await partner.CreateCaseOkAsync(body);

        using var submit = await partner.SubmitAsync(created.Id);

        var problem = await submit.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "case_incomplete");
        Assert.Equal(["company.registration_number", "parties"], problem.ErrorFields().Order(StringComparer.Ordinal));
        Assert.Equal("draft", (await partner.GetCaseOkAsync(created.Id)).Status);
    }

    [Fact]
    public async Task Updates_without_if_match_are_428_and_with_a_stale_or_unreadable_one_412()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var change = new JsonObject { ["external_reference"] = "changed" };

        using (var r = await partner.PatchCaseAsync(created.Id, change, null)) await r.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, "precondition_required");
        using (var r = await partner.UpdatePartyAsync(created.Id, created.PartyId(0), CaseBodies.DirectorParty(), null))
            await r.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, "precondition_required");
        using (var r = await partner.RemovePartyAsync(created.Id, created.PartyId(0), null))
            await r.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, "precondition_required");

        using (var r = await partner.PatchCaseAsync(created.Id, change, "\"1\"")) await r.ShouldHaveAsync(HttpStatusCode.OK);
        using (var r = await partner.PatchCaseAsync(created.Id, new JsonObject { ["external_reference"] = "again" }, "\"1\""))
            await r.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        using (var r = await partner.PatchCaseAsync(created.Id, change, "\"3\"")) await r.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        using (var r = await partner.PatchCaseAsync(created.Id, change, "2")) await r.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        using (var r = await partner.UpdatePartyAsync(created.Id, created.PartyId(0), CaseBodies.DirectorParty(), "\"1\""))
            await r.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        using (var r = await partner.RemovePartyAsync(created.Id, created.PartyId(0), "\"1\""))
            await r.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        using (var r = await partner.SubmitAsync(created.Id, "\"1\"")) await r.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        using (var r = await partner.AddPartyAsync(created.Id, CaseBodies.DirectorParty(), ifMatch: "\"1\""))
            await r.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        var read = await partner.GetCaseOkAsync(created.Id);
        Assert.Equal(2, read.Version);
        Assert.Equal("changed", read.Json.GetProperty("external_reference").GetString());
    }

    [Fact]
    public async Task A_creating_post_without_an_idempotency_key_is_400_idempotency_key_required()
    {
        var partner = await app.NewPartnerAsync();

        using var response = await partner.SendAsync(HttpMethod.Post, ApiClient.Cases, Json.Content(CaseBodies.CompleteCase()));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_required");
        Assert.Equal(0, await app.Eu.CountCasesAsync(partner.PartnerId));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\tinside")]
    public async Task An_idempotency_key_that_is_not_visible_ascii_is_400_idempotency_key_invalid(string key)
    {
        var partner = await app.NewPartnerAsync();

        using var response = await partner.CreateCaseAsync(CaseBodies.CompleteCase(), key);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_invalid");
    }

    [Fact]
    public async Task An_idempotency_key_longer_than_255_characters_is_400_idempotency_key_invalid()
    {
        var partner = await app.NewPartnerAsync();

        using var tooLong = await partner.CreateCaseAsync(CaseBodies.CompleteCase(), new string('k', 256));
        await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_invalid");
        using var nonAscii = await partner.SendAsync(HttpMethod.Post, ApiClient.Cases, Json.Content(CaseBodies.CompleteCase()),
            ("Idempotency-Key", Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("ключ"))));
        await nonAscii.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_invalid");
        using var longest = await partner.CreateCaseAsync(CaseBodies.CompleteCase(), new string('k', 255));
        await longest.ShouldHaveAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_unsupported_media_type()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var text = Json.Text(CaseBodies.CompleteCase());

        using (var r = await partner.SendAsync(HttpMethod.Post, ApiClient.Cases, Json.Content(text, "text/plain"), ("Idempotency-Key", ApiClient.NewKey())))
            await r.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        using (var r = await partner.SendAsync(HttpMethod.Patch, $"{ApiClient.Cases}/{created.Id}", Json.Content("{}", "text/plain"), ("If-Match", "\"1\"")))
            await r.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        using (var r = await partner.SendAsync(HttpMethod.Post, $"{ApiClient.Cases}/{created.Id}/parties",
                   Json.Content(Json.Text(CaseBodies.DirectorParty()), "text/plain"), ("Idempotency-Key", ApiClient.NewKey())))
            await r.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        using (var r = await partner.SendAsync(HttpMethod.Put, $"{ApiClient.Cases}/{created.Id}/parties/{created.PartyId(0)}",
                   Json.Content(Json.Text(CaseBodies.DirectorParty()), "application/xml"), ("If-Match", "\"1\"")))
            await r.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal(1, await app.Eu.CountCasesAsync(partner.PartnerId));
    }

    [Theory]
    [InlineData("{\"company\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"company\": {\"legal_name\": 5}}")]
    [InlineData("{\"unknown_field\": true}")]
    [InlineData("null")]
    [InlineData("")]
    public async Task A_body_that_is_not_the_requests_json_is_400_malformed_request(string text)
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        using (var r = await partner.SendAsync(HttpMethod.Post, ApiClient.Cases, Json.Content(text), ("Idempotency-Key", ApiClient.NewKey())))
        {
            var problem = await r.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
            Assert.DoesNotContain("Exception", problem.GetRawText(), StringComparison.Ordinal);
        }
        using (var r = await partner.SendAsync(HttpMethod.Patch, $"{ApiClient.Cases}/{created.Id}", Json.Content(text), ("If-Match", "\"1\"")))
            await r.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        using (var r = await partner.SendAsync(HttpMethod.Post, $"{ApiClient.Cases}/{created.Id}/parties", Json.Content(text), ("Idempotency-Key", ApiClient.NewKey())))
            await r.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        using (var r = await partner.SendAsync(HttpMethod.Put, $"{ApiClient.Cases}/{created.Id}/parties/{created.PartyId(0)}", Json.Content(text), ("If-Match", "\"1\"")))
            await r.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        var ops = await app.OperatorAsync();
        using (var r = await ops.SendAsync(HttpMethod.Post, $"{ApiClient.Cases}/{created.Id}/request-info", Json.Content(text)))
            await r.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        using (var r = await ops.SendAsync(HttpMethod.Post, $"{ApiClient.Cases}/{created.Id}/decision", Json.Content(text)))
            await r.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(1, (await partner.GetCaseOkAsync(created.Id)).Version);
    }

    [Fact]
    public async Task A_body_over_1_mb_is_413_payload_too_large()
    {
        var partner = await app.NewPartnerAsync();
        var body = CaseBodies.CompleteCase();
        body["company"]!["legal_name"] = new string('M', 1024 * 1024);

        using var declared = await partner.CreateCaseAsync(body);
        await declared.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        // Without a Content-Length the limit holds while the body is read.
        using var streamed = await partner.SendAsync(HttpMethod.Post, ApiClient.Cases, new UnknownLengthContent(Encoding.UTF8.GetBytes(Json.Text(body))),
            ("Idempotency-Key", ApiClient.NewKey()));
        await streamed.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(0, await app.Eu.CountCasesAsync(partner.PartnerId));
    }

    [Fact]
    public async Task A_method_a_resource_does_not_support_is_405_method_not_allowed()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        using (var r = await partner.SendAsync(HttpMethod.Delete, $"{ApiClient.Cases}/{created.Id}", null))
            await r.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        using (var r = await partner.SendAsync(HttpMethod.Put, ApiClient.Cases, Json.Content("{}")))
            await r.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        using (var r = await partner.SendAsync(HttpMethod.Get, $"{ApiClient.Cases}/{created.Id}/submit", null))
            await r.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(1, await app.Eu.CountCaseAsync(created.Id));
    }

    [Fact]
    public async Task A_path_outside_the_api_is_404_not_found()
    {
        var partner = await app.NewPartnerAsync();

        using var r = await partner.SendAsync(HttpMethod.Get, "/v1/onboarding/case", null);

        await r.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_unexpected_failure_is_500_internal_error_without_details()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        await using var connection = await app.Eu.OpenAsync();
        await Exec(connection, "ALTER TABLE cases RENAME COLUMN legal_name TO legal_name_renamed");
        try
        {
            using var r = await partner.GetCaseAsync(created.Id);
            var problem = await r.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
            Assert.DoesNotContain("legal_name", problem.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", problem.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain("Müller", problem.GetRawText(), StringComparison.Ordinal);
        }
        finally
        {
            await Exec(connection, "ALTER TABLE cases RENAME COLUMN legal_name_renamed TO legal_name");
        }
        await partner.GetCaseOkAsync(created.Id);
    }

    private static async Task Exec(Npgsql.NpgsqlConnection connection, string sql)
    {
        await using var cmd = new Npgsql.NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>JSON content that does not tell its length, so the request has no Content-Length.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnknownLengthContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
