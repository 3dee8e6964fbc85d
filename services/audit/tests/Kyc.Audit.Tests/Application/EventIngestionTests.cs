using System.Text;
using Kyc.Audit.Application.Ingestion;
using Kyc.Audit.Tests.Support;
using Kyc.Contracts;
using Kyc.Contracts.Onboarding;
using Xunit;

namespace Kyc.Audit.Tests.Application;

public sealed class EventIngestionTests
{
    private static readonly EventIngestion Ingestion = new(TimeProvider.System);
    private static readonly EventContract Created = EventRegistry.For<CaseCreatedV1>();

    private static ReceivedEvent Event(string data, string? type = null, string? id = null, string? dataSchema = null, string? traceParent = null,
        string source = "/onboarding", string topic = "kyc.onboarding.events", string partnerId = "partner-a")
    {
        var caseId = Entries.NewCaseId();
        return new ReceivedEvent(id ?? Guid.CreateVersion7().ToString(), type ?? Created.CloudEventType, source, caseId, partnerId, "req-7",
            traceParent, dataSchema ?? Created.DataSchema.AbsoluteUri, Entries.Base, Encoding.UTF8.GetBytes(data), topic, 1, 17);
    }

    private static string ValidData() => Entries.Json(Entries.Created(Entries.NewCaseId(), "partner-a", Entries.Base));

    [Fact]
    public void A_valid_event_is_accepted_with_every_attribute_and_where_it_was_read()
    {
        var e = Event(ValidData(), traceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        var accept = Assert.IsType<IngestDecision.Accept>(Ingestion.Decide(e));

        var entry = accept.Entry;
        Assert.Equal((Guid.Parse(e.Id), e.Type, e.Source, e.Subject, e.PartnerId, e.CorrelationId), (entry.EventId, entry.EventType, entry.Source, entry.Subject, entry.PartnerId, entry.CorrelationId));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", entry.TraceId);
        Assert.Equal(("kyc.onboarding.events", 1, 17L), (entry.Topic!, entry.Partition!.Value, entry.Offset!.Value));
        Assert.Equal(Entries.Base, entry.OccurredAt);
        Assert.True(entry.RecordedAt > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public void Data_that_breaks_its_schema_is_rejected_with_the_paths_and_messages_of_every_error()
    {
        var reject = Assert.IsType<IngestDecision.Reject>(Ingestion.Decide(Event("{\"case_id\": 42, \"surprise\": true}")));

        var reason = reject.Describe();
        Assert.Contains("does not satisfy the schema of kyc.onboarding.case.created.v1", reason, StringComparison.Ordinal);
        Assert.Contains(reject.Errors, e => e.Path == "$.case_id" && e.Message == "must be a string");
        Assert.Contains(reject.Errors, e => e.Path == "$.partner_id" && e.Message == "is required");
        Assert.Contains(reject.Errors, e => e.Path == "$.surprise");
        Assert.Contains("$.partner_id: is required", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_of_a_type_the_contracts_do_not_know_is_rejected()
    {
        var reject = Assert.IsType<IngestDecision.Reject>(Ingestion.Decide(Event(ValidData(), type: "kyc.onboarding.case.teleported.v1", dataSchema: null)));

        Assert.Contains("unknown event type", reject.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataschema_that_names_another_schema_is_rejected()
    {
        var reject = Assert.IsType<IngestDecision.Reject>(
            Ingestion.Decide(Event(ValidData(), dataSchema: "https://schemas.onboarding-kyc.dev/onboarding/case.created.v2.json")));

        Assert.Contains("ce_dataschema", reject.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kyc.risk.events", "/onboarding", "partner-a", "kyc.onboarding.case.created.v1 is produced by onboarding on kyc.onboarding.events, not on kyc.risk.events")]
    [InlineData("kyc.dlq.kyc-audit", "/onboarding", "partner-a", "not on kyc.dlq.kyc-audit")]
    [InlineData("kyc.onboarding.events", "/risk", "partner-a", "ce_source of kyc.onboarding.case.created.v1 must be /onboarding (its producer)")]
    [InlineData("kyc.onboarding.events", "/onboarding", "partner-b", "ce_partnerid is not the partner_id of the data")]
    public void An_event_that_does_not_come_from_its_registered_producer_is_rejected_for_its_provenance(
        string topic, string source, string partnerId, string mismatch)
    {
        var reject = Assert.IsType<IngestDecision.Reject>(Ingestion.Decide(Event(ValidData(), source: source, topic: topic, partnerId: partnerId)));

        Assert.StartsWith("provenance: ", reject.Reason, StringComparison.Ordinal);
        Assert.Contains(mismatch, reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_provenance_mismatch_is_named_and_no_data_value_is_echoed()
    {
        var reject = Assert.IsType<IngestDecision.Reject>(Ingestion.Decide(Event(ValidData(), source: "/risk", topic: "kyc.risk.events", partnerId: "partner-b")));

        Assert.Equal(3, reject.Reason.Split("; ").Length);
        Assert.DoesNotContain("partner-a", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_topic_namespace_is_configured_with_the_producer_placeholder()
    {
        var ingestion = new EventIngestion(TimeProvider.System, "test.ns1.{producer}.events");

        Assert.IsType<IngestDecision.Accept>(ingestion.Decide(Event(ValidData(), topic: "test.ns1.onboarding.events")));
        Assert.IsType<IngestDecision.Reject>(ingestion.Decide(Event(ValidData(), topic: "kyc.onboarding.events")));
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public void An_event_whose_id_is_not_a_uuid_is_rejected(string id)
    {
        var reject = Assert.IsType<IngestDecision.Reject>(Ingestion.Decide(Event(ValidData(), id: id)));

        Assert.Contains("not a UUID", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejections_never_echo_the_offending_values()
    {
        var reject = Assert.IsType<IngestDecision.Reject>(Ingestion.Decide(Event("{\"case_id\": \"Jane Doe, born 1970-01-01\"}")));

        Assert.DoesNotContain("Jane", reject.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01", null)]
    [InlineData("garbage", null)]
    [InlineData(null, null)]
    public void The_trace_id_comes_from_a_well_formed_traceparent(string? traceParent, string? traceId) =>
        Assert.Equal(traceId, EventIngestion.TraceIdOf(traceParent));
}
