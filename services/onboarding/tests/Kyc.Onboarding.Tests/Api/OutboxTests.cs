using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kyc.Contracts;
using Kyc.Onboarding.Tests.Support;
using Npgsql;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>
/// Every change writes its integration events to the outbox of its region's database in the same transaction:
/// both are stored or neither is.
/// </summary>
public sealed class OutboxTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    private const string Prefix = "kyc.onboarding.";

    [Fact]
    public async Task Creating_a_case_writes_case_created_and_one_party_added_per_party_with_the_requests_correlation_id()
    {
        var partner = await app.NewPartnerAsync();
        var requestId = $"req-{Guid.NewGuid():N}";

        using var response = await partner.CreateCaseAsync(CaseBodies.CompleteCase("DE", "ref-outbox"), requestId: requestId);

        var created = await response.ShouldHaveAsync(HttpStatusCode.Created);
        var caseId = created.GetProperty("id").GetString()!;
        Assert.Equal(requestId, response.Header("X-Request-Id"));
        var rows = await app.Eu.OutboxAsync(caseId);
        Assert.Equal([Prefix + "case.created.v1", Prefix + "party.added.v1", Prefix + "party.added.v1", Prefix + "party.added.v1"],
            rows.Select(r => r.EventType));
        foreach (var row in rows) AssertEnvelope(row, caseId, partner.PartnerId, requestId, version: 1);
        var data = rows.Select(r => Json.Parse(r.Data)).ToList();
        Assert.Equal("eu", data[0].GetProperty("region").GetString());
        Assert.Equal("draft", data[0].GetProperty("status").GetString());
        Assert.Equal("DE", data[0].GetProperty("jurisdiction").GetString());
        Assert.Equal("ref-outbox", data[0].GetProperty("external_reference").GetString());
        Assert.Equal(created.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("id").GetString()),
            data.Skip(1).Select(d => d.GetProperty("party_id").GetString()));
        Assert.Equal(created.GetProperty("created_at").GetDateTimeOffset(), rows[0].OccurredAt);
        Assert.Equal(0, await app.Us.CountOutboxAsync(partner.PartnerId));
    }

    [Fact]
    public async Task Without_an_x_request_id_the_generated_one_is_echoed_and_is_the_events_correlation_id()
    {
        var partner = await app.NewPartnerAsync();

        using var response = await partner.CreateCaseAsync(CaseBodies.CompleteCase("US"));

        var created = await response.ShouldHaveAsync(HttpStatusCode.Created);
        var requestId = response.Header("X-Request-Id");
        Assert.False(string.IsNullOrEmpty(requestId));
        var rows = await app.Us.OutboxAsync(created.GetProperty("id").GetString()!);
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(requestId, r.CorrelationId));
    }

    [Fact]
    public async Task Events_carry_no_personal_data()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        var all = string.Join("\n", (await app.Eu.OutboxAsync(created.Id)).Select(r => r.Data));

        foreach (var personal in new[] { "Анна", "محمد", "Zoë", "Müller", "1980-05-17", "C01X00T47", "Hauptstraße", "80331" })
            Assert.DoesNotContain(personal, all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_change_adds_exactly_its_events_at_the_cases_new_version()
    {
        var partner = await app.NewPartnerAsync();
        var ops = await app.OperatorAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var id = created.Id;
        var seen = (await app.Eu.OutboxAsync(id)).Count;

        async Task Expect(Func<Task<HttpResponseMessage>> change, HttpStatusCode status, int version, params string[] types)
        {
            var requestId = $"req-{Guid.NewGuid():N}";
            partner.Http.DefaultRequestHeaders.Remove("X-Request-Id");
            ops.Http.DefaultRequestHeaders.Remove("X-Request-Id");
            partner.Http.DefaultRequestHeaders.Add("X-Request-Id", requestId);
            ops.Http.DefaultRequestHeaders.Add("X-Request-Id", requestId);
            using (var response = await change()) await response.ShouldHaveAsync(status);
            var rows = await app.Eu.OutboxAsync(id);
            var added = rows.Skip(seen).ToList();
            Assert.Equal(types.Select(t => Prefix + t), added.Select(r => r.EventType));
            foreach (var row in added)
            {
                AssertEnvelope(row, id, partner.PartnerId, requestId, version);
                Assert.True(row.Sequence > rows[seen - 1].Sequence);
            }
            seen = rows.Count;
        }

        await Expect(() => partner.PatchCaseAsync(id, new JsonObject { ["external_reference"] = "ref-2" }, "\"1\""), HttpStatusCode.OK, 2, "case.updated.v1");
        await Expect(() => partner.PatchCaseAsync(id, new JsonObject { ["external_reference"] = "ref-2" }, "\"2\""), HttpStatusCode.OK, 2);
        await Expect(() => partner.AddPartyAsync(id, CaseBodies.CorporateShareholder("Nordholz Beteiligungen GmbH", 100)), HttpStatusCode.Created, 3, "party.added.v1");
        await Expect(() => partner.UpdatePartyAsync(id, created.PartyId(1), CaseBodies.UboParty("Анна Петрова", 55), "\"3\""), HttpStatusCode.OK, 4, "party.updated.v1");
        await Expect(() => partner.RemovePartyAsync(id, created.PartyId(2), "\"4\""), HttpStatusCode.NoContent, 5, "party.removed.v1");
        await Expect(() => partner.SubmitAsync(id), HttpStatusCode.OK, 6, "case.submitted.v1");
        await Expect(() => partner.SubmitAsync(id), HttpStatusCode.Conflict, 6);
        await Expect(() => ops.StartReviewAsync(id), HttpStatusCode.OK, 7, "case.review_started.v1");
        await Expect(() => ops.RequestInfoAsync(id, "missing_documents", "Bitte Ausweis nachreichen."), HttpStatusCode.OK, 8, "case.info_requested.v1");
        await Expect(() => partner.SubmitAsync(id), HttpStatusCode.OK, 9, "case.submitted.v1");
        await Expect(() => ops.StartReviewAsync(id), HttpStatusCode.OK, 10, "case.review_started.v1");
        await Expect(() => ops.DecideAsync(id, "approved", "all_checks_passed"), HttpStatusCode.OK, 11, "case.approved.v1");

        var rows = await app.Eu.OutboxAsync(id);
        var updated = Json.Parse(rows.Single(r => r.EventType == Prefix + "case.updated.v1").Data);
        Assert.Equal(["external_reference"], updated.GetProperty("changed_fields").EnumerateArray().Select(f => f.GetString()));
        var operatorId = await Tokens.OperatorClientIdAsync();
        Assert.Equal(operatorId, Json.Parse(rows.Single(r => r.EventType == Prefix + "case.info_requested.v1").Data).GetProperty("requested_by").GetString());
        var approved = Json.Parse(rows[^1].Data);
        Assert.Equal(operatorId, approved.GetProperty("decided_by").GetString());
        Assert.Equal("all_checks_passed", approved.GetProperty("reason_code").GetString());
        Assert.Equal("info_requested", Json.Parse(rows[^3].Data).GetProperty("previous_status").GetString());
        Assert.DoesNotContain(rows, r => r.Data.Contains("Ausweis", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_change_whose_event_cannot_be_written_is_not_stored_either()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase("DE", "ref-before"));
        var outboxBefore = await app.Eu.CountOutboxAsync();
        await using var connection = await app.Eu.OpenAsync();
        await ExecuteAsync(connection, "ALTER TABLE outbox ADD CONSTRAINT no_more CHECK (false) NOT VALID");
        try
        {
            using var patch = await partner.PatchCaseAsync(created.Id, new JsonObject { ["external_reference"] = "ref-after" }, "\"1\"");
            var problem = await patch.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
            Assert.DoesNotContain("no_more", problem.GetRawText(), StringComparison.Ordinal);

            using var add = await partner.AddPartyAsync(created.Id, CaseBodies.DirectorParty("李小龙"));
            await add.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal_error");

            Assert.Equal(1, await app.Eu.CaseVersionAsync(created.Id));
            var read = await partner.GetCaseOkAsync(created.Id);
            Assert.Equal("ref-before", read.Json.GetProperty("external_reference").GetString());
            Assert.Equal(3, read.Json.GetProperty("parties").GetArrayLength());
            Assert.Equal(outboxBefore, await app.Eu.CountOutboxAsync());
        }
        finally
        {
            await ExecuteAsync(connection, "ALTER TABLE outbox DROP CONSTRAINT no_more");
        }

        using var retried = await partner.PatchCaseAsync(created.Id, new JsonObject { ["external_reference"] = "ref-after" }, "\"1\"");
        await retried.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal(outboxBefore + 1, await app.Eu.CountOutboxAsync());
    }

    [Fact]
    public async Task A_create_whose_events_cannot_be_written_stores_no_case_and_leaves_its_key_unused()
    {
        var partner = await app.NewPartnerAsync();
        var key = ApiClient.NewKey();
        var body = CaseBodies.CompleteCase("DE");
        await using var connection = await app.Eu.OpenAsync();
        await ExecuteAsync(connection, "ALTER TABLE outbox ADD CONSTRAINT no_more CHECK (false) NOT VALID");
        try
        {
            using var failed = await partner.CreateCaseAsync(body, key);
            await failed.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
            Assert.Equal(0, await app.Eu.CountCasesAsync(partner.PartnerId));
            Assert.Equal(0, await app.Eu.CountIdempotencyKeysAsync(partner.PartnerId));
            Assert.Equal(0, await app.Eu.CountOutboxAsync(partner.PartnerId));
        }
        finally
        {
            await ExecuteAsync(connection, "ALTER TABLE outbox DROP CONSTRAINT no_more");
        }

        using var retried = await partner.CreateCaseAsync(body, key);
        await retried.ShouldHaveAsync(HttpStatusCode.Created);
        Assert.Null(retried.Header("Idempotent-Replayed"));
        Assert.Equal(1, await app.Eu.CountCasesAsync(partner.PartnerId));
    }

    [Fact]
    public async Task A_change_whose_case_cannot_be_written_leaves_no_event_behind()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase("DE", "ref-before"));
        var outboxBefore = await app.Eu.CountOutboxAsync(partner.PartnerId);
        await using var connection = await app.Eu.OpenAsync();
        await ExecuteAsync(connection, "ALTER TABLE cases ADD CONSTRAINT no_more_changes CHECK (version < 2) NOT VALID");
        try
        {
            using var patch = await partner.PatchCaseAsync(created.Id, new JsonObject { ["external_reference"] = "ref-after" }, "\"1\"");
            await patch.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
            using var submit = await partner.SubmitAsync(created.Id);
            await submit.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal_error");

            Assert.Equal(outboxBefore, await app.Eu.CountOutboxAsync(partner.PartnerId));
            Assert.Equal(1, await app.Eu.CaseVersionAsync(created.Id));
        }
        finally
        {
            await ExecuteAsync(connection, "ALTER TABLE cases DROP CONSTRAINT no_more_changes");
        }

        using var retried = await partner.PatchCaseAsync(created.Id, new JsonObject { ["external_reference"] = "ref-after" }, "\"1\"");
        await retried.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal(outboxBefore + 1, await app.Eu.CountOutboxAsync(partner.PartnerId));
    }

    [Fact]
    public async Task A_create_whose_case_cannot_be_written_stores_no_event_and_leaves_its_key_unused()
    {
        var partner = await app.NewPartnerAsync();
        var key = ApiClient.NewKey();
        var body = CaseBodies.CompleteCase("DE");
        await using var connection = await app.Eu.OpenAsync();
        await ExecuteAsync(connection, "ALTER TABLE cases ADD CONSTRAINT no_new_cases CHECK (false) NOT VALID");
        try
        {
            using var failed = await partner.CreateCaseAsync(body, key);
            await failed.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
            Assert.Equal(0, await app.Eu.CountOutboxAsync(partner.PartnerId));
            Assert.Equal(0, await app.Eu.CountIdempotencyKeysAsync(partner.PartnerId));
        }
        finally
        {
            await ExecuteAsync(connection, "ALTER TABLE cases DROP CONSTRAINT no_new_cases");
        }

        using var retried = await partner.CreateCaseAsync(body, key);
        await retried.ShouldHaveAsync(HttpStatusCode.Created);
        Assert.Equal(4, await app.Eu.CountOutboxAsync(partner.PartnerId));
    }

    [Fact]
    public async Task Replaying_a_create_or_a_party_addition_by_its_idempotency_key_adds_no_event()
    {
        var partner = await app.NewPartnerAsync();
        var key = ApiClient.NewKey();
        var body = CaseBodies.CompleteCase("DE");
        using var first = await partner.CreateCaseAsync(body, key);
        var created = await first.ShouldHaveAsync(HttpStatusCode.Created);
        var caseId = created.GetProperty("id").GetString()!;
        var partyKey = ApiClient.NewKey();
        using (var added = await partner.AddPartyAsync(caseId, CaseBodies.DirectorParty("李小龙"), partyKey)) await added.ShouldHaveAsync(HttpStatusCode.Created);
        Assert.Equal(5, await app.Eu.CountOutboxAsync(partner.PartnerId));

        using var replayed = await partner.CreateCaseAsync(body, key);
        using var replayedParty = await partner.AddPartyAsync(caseId, CaseBodies.DirectorParty("李小龙"), partyKey);

        await replayed.ShouldHaveAsync(HttpStatusCode.Created);
        await replayedParty.ShouldHaveAsync(HttpStatusCode.Created);
        Assert.Equal("true", replayed.Header("Idempotent-Replayed"));
        Assert.Equal("true", replayedParty.Header("Idempotent-Replayed"));
        Assert.Equal(5, await app.Eu.CountOutboxAsync(partner.PartnerId));
        Assert.Equal(1, await app.Eu.CountCasesAsync(partner.PartnerId));
    }

    private static void AssertEnvelope(OutboxRow row, string caseId, string partnerId, string correlationId, int version)
    {
        var contract = EventRegistry.Find(row.EventType);
        Assert.NotNull(contract);
        Assert.Empty(EventSchemaValidator.Validate(row.EventType, row.Data));
        Assert.Equal("kyc.onboarding.events", row.Topic);
        Assert.Equal("/onboarding", row.Source);
        Assert.Equal(caseId, row.Subject);
        Assert.Equal(partnerId, row.PartnerId);
        Assert.Equal(correlationId, row.CorrelationId);
        Assert.Equal(contract.DataSchema.ToString(), row.DataSchema);
        Assert.Null(row.PublishedAt);
        var data = Json.Parse(row.Data);
        Assert.Equal(caseId, data.GetProperty("case_id").GetString());
        Assert.Equal(partnerId, data.GetProperty("partner_id").GetString());
        Assert.Equal(version, data.GetProperty("version").GetInt32());
        Assert.Equal(row.OccurredAt, data.GetProperty("occurred_at").GetDateTimeOffset());
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
