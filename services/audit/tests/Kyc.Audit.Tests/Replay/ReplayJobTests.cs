using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kyc.Audit.Infrastructure.Messaging;
using Kyc.Audit.Tests.Support;
using Kyc.Contracts;
using Kyc.Contracts.Onboarding;
using Kyc.Messaging.CloudEvents;
using Kyc.Testing;
using Xunit;

namespace Kyc.Audit.Tests.Replay;

public sealed class ReplayJobTests(AuditApiFactory app) : IClassFixture<AuditApiFactory>
{
    internal static string NewTargetTopic() => $"kyc.replay.t{Guid.NewGuid():N}"[..30];

    /// <summary>Three cases of one new partner (created, submitted each), plus an event of another partner in between.</summary>
    private async Task<(string Partner, List<Kyc.Audit.Domain.Log.AuditEntry> Entries)> SeedAsync()
    {
        var partner = "partner-" + Guid.NewGuid().ToString("N")[..10];
        var entries = new List<Kyc.Audit.Domain.Log.AuditEntry>();
        for (var i = 0; i < 3; i++)
        {
            var caseId = Entries.NewCaseId();
            entries.Add(Entries.For(Entries.Created(caseId, partner, Entries.Base.AddMinutes(i)), caseId, partner, Entries.Base.AddMinutes(i), $"req-{i}"));
            entries.Add(Entries.For(Entries.Submitted(caseId, partner, Entries.Base.AddMinutes(i + 10)), caseId, partner, Entries.Base.AddMinutes(i + 10), $"req-{i}"));
        }
        await app.Database.AppendAsync([.. entries.Take(3), Entries.CaseCreated("someone-else"), .. entries.Skip(3)]);
        return (partner, entries);
    }

    [Fact]
    public async Task A_job_republishes_the_filtered_range_in_recorded_order_per_aggregate_with_the_original_ids_and_its_own_id()
    {
        var (partner, entries) = await SeedAsync();
        var target = NewTargetTopic();
        var ops = await app.OperatorAsync();
        var submitted = EventRegistry.For<CaseSubmittedV1>().CloudEventType;

        var created = await ops.CreateReplayJobOkAsync(new JsonObject
        {
            ["target_topic"] = target,
            ["filter"] = new JsonObject { ["partner_id"] = partner, ["event_type"] = submitted },
        });

        var jobId = created.GetProperty("id").GetString()!;
        Assert.Equal("queued", created.GetProperty("status").GetString());
        Assert.Equal(3, created.GetProperty("progress").GetProperty("total_events").GetInt64());
        var done = await ops.JobWhenAsync(jobId, j => j.GetProperty("status").GetString() == "completed", "the job to complete");
        Assert.Equal(3, done.GetProperty("progress").GetProperty("published_events").GetInt64());
        Assert.Equal(100, done.GetProperty("progress").GetProperty("percent").GetDouble());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("started_at").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("finished_at").ValueKind);

        var messages = await KafkaProbe.ReadExpectingAsync(target, 3);
        var expected = entries.Where(e => e.EventType == submitted).ToList();
        AssertSameEventsInOrderPerAggregate(expected, messages);
        Assert.All(messages, m => Assert.Equal(jobId, m.Message.Headers.Text(KafkaReplayPublisher.ReplayJobIdHeader)));
        var firstMessage = messages.Single(m => m.Message.Headers.Text(KafkaCloudEventBinding.IdHeader) == expected[0].EventId.ToString());
        var first = KafkaCloudEventBinding.FromHeaders(firstMessage.Message.Headers, firstMessage.Message.Value);
        Assert.Equal((expected[0].EventType, expected[0].Source, expected[0].Subject, expected[0].PartnerId, expected[0].CorrelationId, expected[0].DataSchema),
            (first.Type, first.Source, first.Subject, first.PartnerId, first.CorrelationId, first.DataSchema));
        Assert.Equal(expected[0].OccurredAt, first.Time);
        Assert.Empty(EventSchemaValidator.Validate(first.Type, first.Data.Span));
        Assert.Equal(expected[0].Subject, System.Text.Encoding.UTF8.GetString(firstMessage.Message.Key!));
    }

    /// <summary>
    /// The same events; one aggregate's events in recorded order (they share a key, hence a partition; events of different
    /// aggregates are in different partitions, which a consumer reads in no particular order relative to each other).
    /// </summary>
    internal static void AssertSameEventsInOrderPerAggregate(
        IReadOnlyList<Kyc.Audit.Domain.Log.AuditEntry> expected, IReadOnlyList<Confluent.Kafka.ConsumeResult<byte[]?, byte[]?>> messages)
    {
        Assert.Equal(expected.Count, messages.Count);
        var byKey = messages.GroupBy(m => System.Text.Encoding.UTF8.GetString(m.Message.Key!))
            .ToDictionary(g => g.Key, g => g.Select(m => m.Message.Headers.Text(KafkaCloudEventBinding.IdHeader)).ToList());
        foreach (var aggregate in expected.GroupBy(e => e.Subject!))
            Assert.Equal(aggregate.Select(e => e.EventId.ToString()), byKey[aggregate.Key]);
    }

    [Fact]
    public async Task A_seq_range_and_an_aggregate_narrow_the_selection()
    {
        var (_, entries) = await SeedAsync();
        var ops = await app.OperatorAsync();
        var search = await ops.GetOkAsync($"{AuditClient.Events}?aggregate_id={entries[0].Subject}");
        var firstSeq = search.GetProperty("items")[0].GetProperty("seq").GetInt64();

        var job = await ops.CreateReplayJobOkAsync(new JsonObject
        {
            ["target_topic"] = NewTargetTopic(),
            ["filter"] = new JsonObject { ["from_seq"] = firstSeq, ["to_seq"] = firstSeq + 5, ["aggregate_id"] = entries[0].Subject },
        });

        var filter = job.GetProperty("filter");
        Assert.Equal((firstSeq, firstSeq + 5), (filter.GetProperty("from_seq").GetInt64(), filter.GetProperty("to_seq").GetInt64()));
        Assert.Equal(2, job.GetProperty("progress").GetProperty("total_events").GetInt64());
        await ops.JobWhenAsync(job.GetProperty("id").GetString()!, j => j.GetProperty("status").GetString() == "completed", "completion");
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_answer_the_first_job_and_another_body_is_refused()
    {
        await SeedAsync();
        var ops = await app.OperatorAsync();
        var key = Guid.NewGuid().ToString();
        var body = new JsonObject { ["target_topic"] = NewTargetTopic(), ["filter"] = new JsonObject { ["partner_id"] = "nobody" } };

        using var first = await ops.CreateReplayJobAsync(body, key);
        using var repeat = await ops.CreateReplayJobAsync(body, key);
        using var other = await ops.CreateReplayJobAsync(new JsonObject { ["target_topic"] = NewTargetTopic() }, key);
        using var none = await ops.CreateReplayJobAsync(body, null);

        var job = await first.ShouldHaveAsync(HttpStatusCode.Accepted);
        var again = await repeat.ShouldHaveAsync(HttpStatusCode.Accepted);
        Assert.Equal(job.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal("true", repeat.Header("Idempotent-Replayed"));
        Assert.Equal($"{AuditClient.ReplayJobs}/{job.GetProperty("id").GetString()}", first.Headers.Location?.ToString());
        await other.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        await none.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "idempotency_key_required");
    }

    [Theory]
    [InlineData("{}", "target_topic")]
    [InlineData("{\"target_topic\": \"bad topic!\"}", "target_topic")]
    [InlineData("{\"target_topic\": \"kyc.replay.ok\", \"filter\": {\"from_seq\": 0}}", "filter.from_seq")]
    [InlineData("{\"target_topic\": \"kyc.replay.ok\", \"filter\": {\"from_seq\": 5, \"to_seq\": 4}}", "filter.from_seq")]
    [InlineData("{\"target_topic\": \"kyc.replay.ok\", \"filter\": {\"from\": \"2025-01-02T00:00:00Z\", \"to\": \"2025-01-01T00:00:00Z\"}}", "filter.from")]
    [InlineData("{\"original_topics\": false}", "target_topic")]
    [InlineData("{\"original_topics\": true, \"target_topic\": \"kyc.replay.ok\"}", "target_topic")]
    public async Task Invalid_jobs_are_validation_problems(string body, string field)
    {
        var ops = await app.OperatorAsync();

        using var response = await ops.SendAsync(HttpMethod.Post, AuditClient.ReplayJobs, Json.Content(body), ("Idempotency-Key", Guid.NewGuid().ToString()));

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Theory]
    [InlineData("kyc.onboarding.events")]
    [InlineData("kyc.risk.events")]
    [InlineData("kyc.dlq.kyc-audit")]
    [InlineData("kyc.replay.events")]
    [InlineData("kyc.replay.")]
    [InlineData("kyc.replay.Upper")]
    [InlineData("kyc.replay.a.b")]
    [InlineData("replay.x")]
    [InlineData("__consumer_offsets")]
    public async Task A_target_outside_the_replay_namespace_is_refused(string topic)
    {
        var ops = await app.OperatorAsync();

        using var response = await ops.CreateReplayJobAsync(new JsonObject { ["target_topic"] = topic }, Guid.NewGuid().ToString());

        await response.ShouldBeValidationProblemAsync("target_topic");
        Assert.Equal(0, await app.Database.ScalarAsync("SELECT count(*) FROM replay_jobs WHERE target_topic = @t", ("t", topic)));
    }

    [Fact]
    public async Task A_job_asked_for_original_topics_republishes_each_event_to_its_producers_topic_only()
    {
        var (partner, entries) = await SeedAsync();
        var ops = await app.OperatorAsync();

        var created = await ops.CreateReplayJobOkAsync(new JsonObject
        {
            ["original_topics"] = true,
            ["filter"] = new JsonObject { ["partner_id"] = partner },
        });

        Assert.Equal(JsonValueKind.Null, created.GetProperty("target_topic").ValueKind);
        Assert.True(created.GetProperty("original_topics").GetBoolean());
        var jobId = created.GetProperty("id").GetString()!;
        await ops.JobWhenAsync(jobId, j => j.GetProperty("status").GetString() == "completed", "the job to complete");
        // The factory's producers publish to test.<namespace>.<producer>.events (Audit:ProducerTopicFormat).
        var messages = (await KafkaProbe.ReadAsync(app.Topic("onboarding"), read =>
                read.Count(m => m.Message.Headers.Text(KafkaReplayPublisher.ReplayJobIdHeader) == jobId) >= entries.Count))
            .Where(m => m.Message.Headers.Text(KafkaReplayPublisher.ReplayJobIdHeader) == jobId).ToList();
        AssertSameEventsInOrderPerAggregate(entries, messages);
    }

    [Fact]
    public async Task A_job_stored_with_another_services_topic_as_its_target_fails_without_publishing()
    {
        var (partner, _) = await SeedAsync();
        var ops = await app.OperatorAsync();
        var foreign = app.Topic("risk");
        var jobId = Guid.CreateVersion7();
        // As a job created before targets were restricted left it.
        await app.Database.ExecuteAsync(
            "INSERT INTO replay_jobs (id, status, target_topic, partner_id, after_seq, up_to_seq, total_events, published_events, last_published_seq, " +
            "requested_by, created_at) VALUES (@id, 'queued', @topic, @partner, 0, 1000000, 6, 0, 0, 'ops', now())",
            ("id", jobId), ("topic", foreign), ("partner", partner));

        var failed = await ops.JobWhenAsync(jobId.ToString(), j => j.GetProperty("status").GetString() == "failed", "the job to fail");

        Assert.Contains("outside the replay namespace kyc.replay.", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, failed.GetProperty("progress").GetProperty("published_events").GetInt64());
        Assert.Empty(await KafkaProbe.ReadExpectingAsync(foreign, 0));
    }

    [Fact]
    public async Task An_unknown_field_is_a_malformed_request()
    {
        var ops = await app.OperatorAsync();

        using var response = await ops.SendAsync(HttpMethod.Post, AuditClient.ReplayJobs, Json.Content("{\"target_topic\": \"kyc.replay.ok\", \"topic\": \"x\"}"),
            ("Idempotency-Key", Guid.NewGuid().ToString()));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task A_running_job_left_by_a_stopped_worker_resumes_after_its_last_published_seq()
    {
        var (partner, entries) = await SeedAsync();
        var target = NewTargetTopic();
        var ops = await app.OperatorAsync();
        var seqs = (await ops.GetOkAsync($"{AuditClient.Events}?partner_id={partner}")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("seq").GetInt64()).ToList();
        var jobId = Guid.CreateVersion7();
        // As a worker that crashed after publishing the first two of six events leaves it: running, its lease expired.
        await app.Database.ExecuteAsync(
            "INSERT INTO replay_jobs (id, status, target_topic, partner_id, after_seq, up_to_seq, total_events, published_events, last_published_seq, " +
            "requested_by, created_at, started_at, locked_by, locked_until) VALUES (@id, 'running', @topic, @partner, 0, @up_to, 6, 2, @last, 'ops', " +
            "now(), now(), 'crashed-worker', now() - interval '1 minute')",
            ("id", jobId), ("topic", target), ("partner", partner), ("up_to", seqs[^1]), ("last", seqs[1]));

        var done = await ops.JobWhenAsync(jobId.ToString(), j => j.GetProperty("status").GetString() == "completed", "the resumed job to complete");

        Assert.Equal(6, done.GetProperty("progress").GetProperty("published_events").GetInt64());
        Assert.Equal(seqs[^1], done.GetProperty("progress").GetProperty("last_published_seq").GetInt64());
        var messages = await KafkaProbe.ReadExpectingAsync(target, 4);
        AssertSameEventsInOrderPerAggregate(entries.Skip(2).ToList(), messages);
    }

    [Fact]
    public async Task Cancelling_a_completed_job_is_a_conflict_and_an_unknown_job_is_not_found()
    {
        var ops = await app.OperatorAsync();
        var job = await ops.CreateReplayJobOkAsync(new JsonObject { ["target_topic"] = NewTargetTopic(), ["filter"] = new JsonObject { ["partner_id"] = "nobody" } });
        var id = job.GetProperty("id").GetString()!;
        await ops.JobWhenAsync(id, j => j.GetProperty("status").GetString() == "completed", "the empty job to complete");

        using var cancel = await ops.CancelAsync(id);
        using var unknown = await ops.GetAsync($"{AuditClient.ReplayJobs}/{Guid.NewGuid()}");
        using var unknownCancel = await ops.CancelAsync(Guid.NewGuid().ToString());

        await cancel.ShouldBeProblemAsync(HttpStatusCode.Conflict, "replay_job_finished");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "replay_job_not_found");
        await unknownCancel.ShouldBeProblemAsync(HttpStatusCode.NotFound, "replay_job_not_found");
    }
}

public sealed class ReplayCancelTests(ThrottledReplayApiFactory app) : IClassFixture<ThrottledReplayApiFactory>
{
    [Fact]
    public async Task A_running_job_shows_its_progress_and_stops_publishing_when_cancelled()
    {
        var partner = "partner-" + Guid.NewGuid().ToString("N")[..10];
        await app.Database.AppendAsync([.. Enumerable.Range(0, 40).Select(i => Entries.CaseCreated(partner, offset: i))]);
        var target = ReplayJobTests.NewTargetTopic();
        var ops = await app.OperatorAsync();
        var job = await ops.CreateReplayJobOkAsync(new JsonObject { ["target_topic"] = target, ["filter"] = new JsonObject { ["partner_id"] = partner } });
        var id = job.GetProperty("id").GetString()!;

        var running = await ops.JobWhenAsync(id, j => j.GetProperty("progress").GetProperty("published_events").GetInt64() >= 2, "some progress");
        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.InRange(running.GetProperty("progress").GetProperty("percent").GetDouble(), 1, 99);

        using var cancel = await ops.CancelAsync(id);
        var cancelled = await cancel.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        using var again = await ops.CancelAsync(id);
        Assert.Equal("cancelled", (await again.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("status").GetString());

        // The worker notices the cancel when it next saves progress (recording the batch it had in flight) and stops.
        await Eventually.TrueAsync(
            () => app.Logs.Entries.Any(e => e.EventId.Id == 5202 && e.State.GetValueOrDefault("JobId")?.ToString() == id),
            "the replay worker to stop the cancelled job");
        var final = await ops.GetOkAsync($"{AuditClient.ReplayJobs}/{id}");
        var published = final.GetProperty("progress").GetProperty("published_events").GetInt64();
        Assert.Equal("cancelled", final.GetProperty("status").GetString());
        Assert.InRange(published, 2, 39);
        var messages = await KafkaProbe.ReadExpectingAsync(target, published);
        Assert.Equal(published, messages.Count);
    }
}
