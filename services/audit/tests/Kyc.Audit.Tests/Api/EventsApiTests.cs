using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kyc.Audit.Tests.Support;
using Kyc.Contracts;
using Kyc.Contracts.Onboarding;
using Xunit;

namespace Kyc.Audit.Tests.Api;

public sealed class EventsApiTests(AuditApiFactory app) : IClassFixture<AuditApiFactory>
{
    private static string Partner() => "partner-" + Guid.NewGuid().ToString("N")[..10];

    private static List<string> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event_id").GetString()!)];

    [Fact]
    public async Task Events_are_found_by_aggregate_correlation_type_partner_and_time()
    {
        var partner = Partner();
        var caseId = Entries.NewCaseId();
        var created = Entries.For(Entries.Created(caseId, partner, Entries.Base), caseId, partner, Entries.Base, "req-a");
        var submitted = Entries.For(Entries.Submitted(caseId, partner, Entries.Base.AddHours(2)), caseId, partner, Entries.Base.AddHours(2), "req-b");
        var other = Entries.CaseCreated(partner, Entries.Base.AddDays(3), "req-a");
        await app.Database.AppendAsync(created, submitted, other);
        var ops = await app.OperatorAsync();

        Assert.Equal([created.EventId.ToString(), submitted.EventId.ToString()], Ids(await ops.GetOkAsync($"{AuditClient.Events}?aggregate_id={caseId}")));
        Assert.Equal([created.EventId.ToString(), other.EventId.ToString()], Ids(await ops.GetOkAsync($"{AuditClient.Events}?partner_id={partner}&correlation_id=req-a")));
        Assert.Equal([submitted.EventId.ToString()], Ids(await ops.GetOkAsync(
            $"{AuditClient.Events}?partner_id={partner}&event_type={EventRegistry.For<CaseSubmittedV1>().CloudEventType}")));
        Assert.Equal([submitted.EventId.ToString()], Ids(await ops.GetOkAsync(
            $"{AuditClient.Events}?partner_id={partner}&from={Uri.EscapeDataString(Entries.Base.AddHours(1).ToString("O"))}&to={Uri.EscapeDataString(Entries.Base.AddDays(3).ToString("O"))}")));
        Assert.Empty(Ids(await ops.GetOkAsync($"{AuditClient.Events}?partner_id={partner}&aggregate_id=eu-nothing")));
    }

    [Fact]
    public async Task A_recorded_event_shows_its_attributes_data_and_place_in_the_chain()
    {
        var partner = Partner();
        var entry = Entries.CaseCreated(partner, correlationId: "req-show");
        await app.Database.AppendAsync(entry);
        var ops = await app.OperatorAsync();

        var item = (await ops.GetOkAsync($"{AuditClient.Events}?partner_id={partner}")).GetProperty("items")[0];

        Assert.Equal(entry.EventType, item.GetProperty("event_type").GetString());
        Assert.Equal(entry.Subject, item.GetProperty("aggregate_id").GetString());
        Assert.Equal("req-show", item.GetProperty("correlation_id").GetString());
        Assert.Equal(entry.TraceId, item.GetProperty("trace_id").GetString());
        Assert.Equal(entry.DataSchema, item.GetProperty("data_schema").GetString());
        Assert.Equal(entry.OccurredAt, item.GetProperty("occurred_at").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Object, item.GetProperty("data").ValueKind);
        Assert.Equal(entry.Subject, item.GetProperty("data").GetProperty("case_id").GetString());
        Assert.Matches("^[0-9a-f]{64}$", item.GetProperty("hash").GetString());
        Assert.Matches("^[0-9a-f]{64}$", item.GetProperty("prev_hash").GetString());
        Assert.True(item.GetProperty("seq").GetInt64() >= 1);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_through_every_event_once_in_recorded_order()
    {
        var partner = Partner();
        var entries = Enumerable.Range(0, 7).Select(i => Entries.CaseCreated(partner, offset: i)).ToArray();
        await app.Database.AppendAsync(entries);
        var ops = await app.OperatorAsync();

        var seen = new List<string>();
        var seqs = new List<long>();
        var next = $"{AuditClient.Events}?partner_id={partner}&limit=3";
        var pages = 0;
        while (next is not null)
        {
            var page = await ops.GetOkAsync(next);
            pages++;
            seen.AddRange(Ids(page));
            seqs.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seq").GetInt64()));
            Assert.Equal(3, page.GetProperty("limit").GetInt32());
            next = page.GetProperty("links").GetProperty("next").GetString();
            if (next is not null) Assert.Equal(page.GetProperty("next_cursor").GetString(), QueryValue(next, "cursor"));
        }

        Assert.Equal(3, pages);
        Assert.Equal(entries.Select(e => e.EventId.ToString()), seen);
        Assert.Equal(seqs.Order(), seqs);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=bm9wZQ", "cursor")]
    [InlineData("from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z", "from")]
    public async Task Bad_search_parameters_are_validation_problems(string query, string field)
    {
        var ops = await app.OperatorAsync();

        using var response = await ops.GetAsync($"{AuditClient.Events}?{query}");

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task One_event_is_read_by_its_id_with_its_hash_as_etag()
    {
        var entry = Entries.CaseCreated(Partner());
        await app.Database.AppendAsync(entry);
        var ops = await app.OperatorAsync();

        using var response = await ops.GetAsync($"{AuditClient.Events}/{entry.EventId}");
        var body = await response.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal($"\"{body.GetProperty("hash").GetString()}\"", response.Headers.ETag?.Tag);

        using var again = await ops.GetAsync($"{AuditClient.Events}/{entry.EventId}", ("If-None-Match", response.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Theory]
    [InlineData("0193f7a2-0000-7000-8000-00000000dead")]
    [InlineData("not-an-id")]
    public async Task An_unknown_event_is_not_found(string id)
    {
        var ops = await app.OperatorAsync();

        using var response = await ops.GetAsync($"{AuditClient.Events}/{id}");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "audit_event_not_found");
    }

    [Fact]
    public async Task Statistics_count_events_per_type_and_day_and_show_the_last_event_per_topic()
    {
        var day = new DateTimeOffset(2024, 2, 10, 23, 30, 0, TimeSpan.Zero);
        var caseId = Entries.NewCaseId();
        var partner = Partner();
        await app.Database.AppendAsync(
            Entries.For(Entries.Created(caseId, partner, day), caseId, partner, day, topic: "kyc.stats.onboarding.events"),
            Entries.For(Entries.Submitted(caseId, partner, day.AddHours(1)), caseId, partner, day.AddHours(1), topic: "kyc.stats.onboarding.events"),
            Entries.CaseCreated(partner, day.AddDays(1)));
        var ops = await app.OperatorAsync();

        var stats = await ops.GetOkAsync("/v1/audit/statistics?from=2024-02-10&to=2024-02-11");

        Assert.Equal("2024-02-10", stats.GetProperty("from").GetString());
        var perDay = stats.GetProperty("events_per_day").EnumerateArray().ToDictionary(d => d.GetProperty("day").GetString()!, d => d.GetProperty("events").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["2024-02-10"] = 1, ["2024-02-11"] = 2 }, perDay);
        var perType = stats.GetProperty("events_per_type").EnumerateArray().ToDictionary(d => d.GetProperty("event_type").GetString()!, d => d.GetProperty("events").GetInt64());
        Assert.Equal(2, perType[EventRegistry.For<CaseCreatedV1>().CloudEventType]);
        Assert.Equal(1, perType[EventRegistry.For<CaseSubmittedV1>().CloudEventType]);
        var topic = stats.GetProperty("topics").EnumerateArray().Single(t => t.GetProperty("topic").GetString() == "kyc.stats.onboarding.events");
        Assert.Equal(2, topic.GetProperty("events").GetInt64());
        Assert.Equal(day.AddHours(1), topic.GetProperty("last_occurred_at").GetDateTimeOffset());
        Assert.True(stats.GetProperty("total_events").GetInt64() >= 3);
    }

    [Theory]
    [InlineData("from=2024-02-11&to=2024-02-10")]
    [InlineData("from=2020-01-01&to=2024-01-01")]
    public async Task Statistics_ranges_are_bounded(string query)
    {
        var ops = await app.OperatorAsync();

        using var response = await ops.GetAsync($"/v1/audit/statistics?{query}");

        await response.ShouldBeValidationProblemAsync("from");
    }

    [Fact]
    public async Task Verify_walks_the_chain_and_returns_its_head_to_use_as_an_anchor()
    {
        await app.Database.AppendAsync(Entries.CaseCreated(Partner()), Entries.CaseCreated(Partner()));
        var ops = await app.OperatorAsync();

        var result = await ops.VerifyOkAsync();

        Assert.True(result.GetProperty("verified").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("first_broken_seq").ValueKind);
        var lastSeq = result.GetProperty("last_seq").GetInt64();
        Assert.Equal(result.GetProperty("verified_rows").GetInt64(), lastSeq);
        var anchored = await ops.VerifyOkAsync(new JsonObject { ["anchor_seq"] = lastSeq, ["anchor_hash"] = result.GetProperty("last_hash").GetString() });
        Assert.True(anchored.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task A_wrong_anchor_is_reported_as_broken_and_a_malformed_one_refused()
    {
        await app.Database.AppendAsync(Entries.CaseCreated(Partner()));
        var ops = await app.OperatorAsync();

        var broken = await ops.VerifyOkAsync(new JsonObject { ["anchor_seq"] = 1, ["anchor_hash"] = new string('a', 64) });
        using var malformed = await ops.VerifyAsync(new JsonObject { ["anchor_seq"] = 1 });

        Assert.False(broken.GetProperty("verified").GetBoolean());
        Assert.Equal(1, broken.GetProperty("first_broken_seq").GetInt64());
        Assert.Equal("anchor_mismatch", broken.GetProperty("break_kind").GetString());
        await malformed.ShouldBeValidationProblemAsync("anchor_hash");
    }

    private static string? QueryValue(string url, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + url).Query).TryGetValue(name, out var v) ? v.ToString() : null;
}
