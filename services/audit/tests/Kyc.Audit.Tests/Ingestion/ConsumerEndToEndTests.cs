using Kyc.Testing;
using System.Net;
using System.Text;
using System.Text.Json;
using Kyc.Audit.Tests.Support;
using Kyc.Contracts;
using Kyc.Contracts.Onboarding;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.DeadLetters;
using Xunit;

namespace Kyc.Audit.Tests.Ingestion;

/// <summary>
/// The kyc-audit consumer group end to end: events produced with the CloudEvents binding to topics matching the
/// class's pattern (<c>kyc.t&lt;random&gt;.&lt;producer&gt;.events</c>) are validated, de-duplicated and appended.
/// </summary>
public sealed class ConsumerEndToEndTests(ConsumingAuditApiFactory app) : IClassFixture<ConsumingAuditApiFactory>
{
    private static CloudEvent Event<T>(T data, string subject, string partnerId, DateTimeOffset time, string? id = null, string? correlationId = null)
        where T : notnull => Entries.Event(data, subject, partnerId, time, id, correlationId);

    private async Task<JsonElement> EventsOfAsync(AuditClient ops, string aggregateId, int expected) =>
        await Eventually.GetAsync(() => ops.GetOkAsync($"{AuditClient.Events}?aggregate_id={aggregateId}"),
            page => page.GetProperty("items").GetArrayLength() >= expected, $"{expected} recorded event(s) of {aggregateId}");

    [Fact]
    public async Task Valid_onboarding_events_are_recorded_in_order_with_where_they_were_read_and_the_chain_verifies()
    {
        var partner = "partner-e2e";
        var caseId = Entries.NewCaseId();
        var topic = app.Topic("onboarding");
        var events = new[]
        {
            Event(Entries.Created(caseId, partner, Entries.Base), caseId, partner, Entries.Base, correlationId: "req-1"),
            Event(new CaseUpdatedV1(caseId, partner, 2, Entries.Base.AddMinutes(1), ["jurisdiction"], "AT", EntityTypes.PrivateLimitedCompany, null),
                caseId, partner, Entries.Base.AddMinutes(1), correlationId: "req-2"),
            Event(Entries.Submitted(caseId, partner, Entries.Base.AddMinutes(2), version: 3), caseId, partner, Entries.Base.AddMinutes(2), correlationId: "req-3"),
        };
        await KafkaProbe.PublishAsync(topic, events);
        var ops = await app.OperatorAsync();

        var page = await EventsOfAsync(ops, caseId, 3);

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(events.Select(e => e.Id), items.Select(i => i.GetProperty("event_id").GetString()));
        Assert.All(items, i => Assert.Equal(topic, i.GetProperty("topic").GetString()));
        Assert.All(items, i => Assert.Equal(JsonValueKind.Number, i.GetProperty("partition").ValueKind));
        Assert.Equal(items.Select(i => i.GetProperty("offset").GetInt64()).Order(), items.Select(i => i.GetProperty("offset").GetInt64()));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", items[0].GetProperty("trace_id").GetString());
        Assert.Equal("req-2", items[1].GetProperty("correlation_id").GetString());
        Assert.Equal(partner, items[2].GetProperty("partner_id").GetString());
        var verify = await ops.VerifyOkAsync();
        Assert.True(verify.GetProperty("verified").GetBoolean(), verify.GetRawText());
    }

    [Theory]
    [InlineData("another-producer", "/onboarding", "partner-e2e", "is produced by onboarding on test.")]
    [InlineData("onboarding", "/risk", "partner-e2e", "ce_source of kyc.onboarding.case.created.v1 must be /onboarding")]
    [InlineData("onboarding", "/onboarding", "partner-forged", "ce_partnerid is not the partner_id of the data")]
    public async Task A_forged_event_goes_to_the_dead_letter_topic_with_its_provenance_reason_and_is_not_recorded(
        string producerTopic, string source, string headerPartner, string reason)
    {
        var caseId = Entries.NewCaseId();
        var contract = EventRegistry.For<CaseCreatedV1>();
        var forged = new CloudEvent(Guid.CreateVersion7().ToString(), source, contract.CloudEventType, Entries.Base, caseId,
            contract.DataSchema.AbsoluteUri, headerPartner, JsonSerializer.SerializeToUtf8Bytes(Entries.Created(caseId, "partner-e2e", Entries.Base),
                contract.DataType, ContractJson.Options));
        var genuine = Event(Entries.Submitted(caseId, "partner-e2e", Entries.Base.AddMinutes(1)), caseId, "partner-e2e", Entries.Base.AddMinutes(1));

        await KafkaProbe.PublishAsync(app.Topic(producerTopic), forged);
        await KafkaProbe.PublishAsync(app.Topic("onboarding"), genuine);

        var letters = await KafkaProbe.ReadAsync(app.DeadLetterTopic, read => read.Any(r => r.Message.Headers.Text(KafkaCloudEventBinding.IdHeader) == forged.Id));
        var letter = DeadLetter.From(letters.First(r => r.Message.Headers.Text(KafkaCloudEventBinding.IdHeader) == forged.Id).Message);
        Assert.Equal(DeadLetterReasons.Permanent, letter.Reason);
        Assert.Equal(app.Topic(producerTopic), letter.OriginalTopic);
        Assert.Contains("provenance: ", letter.Error, StringComparison.Ordinal);
        Assert.Contains(reason, letter.Error, StringComparison.Ordinal);
        await EventsOfAsync(await app.OperatorAsync(), caseId, 1); // the genuine one is recorded
        Assert.Equal(0, await app.Database.ScalarAsync("SELECT count(*) FROM audit_log WHERE event_id = @id", ("id", Guid.Parse(forged.Id))));
    }

    [Fact]
    public async Task A_redelivered_event_is_recorded_once()
    {
        var caseId = Entries.NewCaseId();
        var e = Event(Entries.Created(caseId, "partner-e2e", Entries.Base), caseId, "partner-e2e", Entries.Base);
        var marker = Event(Entries.Submitted(caseId, "partner-e2e", Entries.Base.AddMinutes(1)), caseId, "partner-e2e", Entries.Base.AddMinutes(1));

        await KafkaProbe.PublishAsync(app.Topic("onboarding"), e, e, e, marker);

        var page = await EventsOfAsync(await app.OperatorAsync(), caseId, 2);
        Assert.Equal([e.Id, marker.Id], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event_id").GetString()));
        Assert.Equal(1, await app.Database.ScalarAsync("SELECT count(*) FROM audit_log WHERE event_id = @id", ("id", Guid.Parse(e.Id))));
    }

    [Fact]
    public async Task A_schema_invalid_event_goes_to_the_dead_letter_topic_with_its_validation_errors_and_is_not_recorded()
    {
        var caseId = Entries.NewCaseId();
        var contract = EventRegistry.For<CaseCreatedV1>();
        var invalid = new CloudEvent(Guid.CreateVersion7().ToString(), "/onboarding", contract.CloudEventType, Entries.Base, caseId,
            contract.DataSchema.AbsoluteUri, "partner-e2e", Encoding.UTF8.GetBytes($"{{\"case_id\": \"{caseId}\", \"version\": \"one\"}}"));
        var unknown = new CloudEvent(Guid.CreateVersion7().ToString(), "/onboarding", "kyc.onboarding.case.teleported.v1", Entries.Base, caseId,
            null, "partner-e2e", Encoding.UTF8.GetBytes("{}"));
        var valid = Event(Entries.Created(caseId, "partner-e2e", Entries.Base), caseId, "partner-e2e", Entries.Base);

        await KafkaProbe.PublishAsync(app.Topic("onboarding"), invalid, unknown, valid);

        var letters = await KafkaProbe.ReadAsync(app.DeadLetterTopic, read =>
            read.Any(r => r.Message.Headers.Text(KafkaCloudEventBinding.IdHeader) == invalid.Id) &&
            read.Any(r => r.Message.Headers.Text(KafkaCloudEventBinding.IdHeader) == unknown.Id));
        var letter = DeadLetter.From(letters.First(r => r.Message.Headers.Text(KafkaCloudEventBinding.IdHeader) == invalid.Id).Message);
        Assert.Equal(DeadLetterReasons.Permanent, letter.Reason);
        Assert.Equal(1, letter.Attempts);
        Assert.Equal(app.Topic("onboarding"), letter.OriginalTopic);
        Assert.Contains("does not satisfy the schema of kyc.onboarding.case.created.v1", letter.Error, StringComparison.Ordinal);
        Assert.Contains("$.version: must be an integer", letter.Error, StringComparison.Ordinal);
        Assert.Contains("$.partner_id: is required", letter.Error, StringComparison.Ordinal);
        Assert.Equal(invalid.Data.ToArray(), letter.Original.Value);
        var unknownLetter = DeadLetter.From(letters.First(r => r.Message.Headers.Text(KafkaCloudEventBinding.IdHeader) == unknown.Id).Message);
        Assert.Contains("unknown event type", unknownLetter.Error, StringComparison.Ordinal);

        await EventsOfAsync(await app.OperatorAsync(), caseId, 1); // the valid one after them is recorded
        Assert.Equal(0, await app.Database.ScalarAsync("SELECT count(*) FROM audit_log WHERE event_id IN (@a, @b)",
            ("a", Guid.Parse(invalid.Id)), ("b", Guid.Parse(unknown.Id))));
    }

    [Fact]
    public async Task A_replay_to_the_original_topics_is_recorded_once_per_event()
    {
        var caseId = Entries.NewCaseId();
        var e = Event(Entries.Created(caseId, "partner-e2e", Entries.Base), caseId, "partner-e2e", Entries.Base);
        await KafkaProbe.PublishAsync(app.Topic("onboarding"), e);
        var ops = await app.OperatorAsync();
        await EventsOfAsync(ops, caseId, 1);

        var job = await ops.CreateReplayJobOkAsync(new System.Text.Json.Nodes.JsonObject
        {
            ["original_topics"] = true,
            ["filter"] = new System.Text.Json.Nodes.JsonObject { ["aggregate_id"] = caseId },
        });
        await ops.JobWhenAsync(job.GetProperty("id").GetString()!, j => j.GetProperty("status").GetString() == "completed", "the replay");
        await KafkaProbe.ReadAsync(app.Topic("onboarding"), read => read.Count(r => r.Message.Headers.Text(KafkaCloudEventBinding.IdHeader) == e.Id) >= 2);
        var marker = Event(Entries.Submitted(caseId, "partner-e2e", Entries.Base.AddMinutes(1)), caseId, "partner-e2e", Entries.Base.AddMinutes(1));
        await KafkaProbe.PublishAsync(app.Topic("onboarding"), marker);

        var page = await EventsOfAsync(ops, caseId, 2);
        Assert.Equal([e.Id, marker.Id], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event_id").GetString()));
    }
}
