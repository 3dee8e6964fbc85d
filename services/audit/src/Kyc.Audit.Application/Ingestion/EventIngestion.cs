using System.Text;
using Kyc.Audit.Domain.Log;
using Kyc.Contracts;
using Kyc.SharedKernel;

namespace Kyc.Audit.Application.Ingestion;

/// <summary>A CloudEvent as read from Kafka, with where it was read.</summary>
public sealed record ReceivedEvent(
    string Id,
    string Type,
    string Source,
    string? Subject,
    string PartnerId,
    string? CorrelationId,
    string? TraceParent,
    string? DataSchema,
    DateTimeOffset Time,
    ReadOnlyMemory<byte> Data,
    string? Topic,
    int? Partition,
    long? Offset);

/// <summary>What to do with a received event.</summary>
public abstract record IngestDecision
{
    /// <summary>Append it to the log.</summary>
    public sealed record Accept(AuditEntry Entry) : IngestDecision;

    /// <summary>
    /// Never append it: dead-letter it at once (a permanent failure, retrying cannot help). <see cref="Reason"/> is one line
    /// for the dead letter; <see cref="Errors"/> the schema errors (paths and messages, never values).
    /// </summary>
    public sealed record Reject(string Reason, IReadOnlyList<SchemaError> Errors) : IngestDecision
    {
        /// <summary>The reason with every error, one line (what the dead letter carries).</summary>
        public string Describe() =>
            Errors.Count == 0 ? Reason : $"{Reason}: {string.Join("; ", Errors.Select(e => e.ToString()))}";
    }
}

/// <summary>
/// The ingestion rules of the audit log: every event must be of a type in the contracts' <see cref="EventRegistry"/>
/// (the schema registry), come from that type's registered producer (<see cref="EventProvenance"/>: its topic, its
/// <c>ce_source</c>, and a <c>ce_partnerid</c> equal to the data's <c>partner_id</c>), its data must satisfy that type's
/// JSON Schema, its <c>dataschema</c> (when sent) must name that schema, and its id must be a UUID. Anything else is
/// rejected for the dead-letter topic, with the reasons.
/// </summary>
/// <param name="producerTopicFormat">The producers' topic names (<see cref="EventProvenance.DefaultTopicFormat"/>; tests use a namespace of their own).</param>
public sealed class EventIngestion(TimeProvider clock, string producerTopicFormat = EventProvenance.DefaultTopicFormat)
{
    public const string ProvenanceReason = "provenance";

    public const int MaxAttributeLength = 500;

    public IngestDecision Decide(ReceivedEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!Guid.TryParseExact(e.Id, "D", out var eventId) || eventId == Guid.Empty)
            return Reject("the event id (ce_id) is not a UUID");
        foreach (var (name, value) in new[]
                 {
                     ("ce_type", e.Type), ("ce_source", e.Source), ("ce_subject", e.Subject), ("ce_partnerid", e.PartnerId),
                     ("ce_correlationid", e.CorrelationId), ("ce_dataschema", e.DataSchema),
                 })
        {
            if (value is { Length: > MaxAttributeLength }) return Reject($"{name} is longer than {MaxAttributeLength} characters");
        }

        var contract = EventRegistry.Find(e.Type);
        if (contract is null) return Reject("unknown event type: not in the contracts' EventRegistry", [new SchemaError("$", "no schema for this event type")]);
        if (e.DataSchema is not null && !string.Equals(e.DataSchema, contract.DataSchema.AbsoluteUri, StringComparison.Ordinal))
            return Reject($"ce_dataschema does not name the schema of {contract.CloudEventType} ({contract.DataSchema.AbsoluteUri})");

        var mismatches = EventProvenance.Check(contract, e.Topic ?? "(no topic)", e.Source, e.PartnerId, e.Data.Span, producerTopicFormat);
        if (mismatches.Count > 0) return Reject($"{ProvenanceReason}: {string.Join("; ", mismatches)}");

        var errors = EventSchemaValidator.Validate(contract.CloudEventType, e.Data.Span);
        if (errors.Count > 0) return Reject($"the data does not satisfy the schema of {contract.CloudEventType}", errors);

        return new IngestDecision.Accept(new AuditEntry(
            eventId, e.Type, e.Source, e.Subject, e.PartnerId, e.CorrelationId, TraceIdOf(e.TraceParent), e.DataSchema, e.Time,
            clock.Now(), e.Topic, e.Partition, e.Offset, Encoding.UTF8.GetString(e.Data.Span)));
    }

    private static IngestDecision.Reject Reject(string reason, IReadOnlyList<SchemaError>? errors = null) => new(reason, errors ?? []);

    /// <summary>The trace id of a W3C <c>traceparent</c> (<c>00-&lt;trace-id&gt;-&lt;span-id&gt;-&lt;flags&gt;</c>), or null.</summary>
    public static string? TraceIdOf(string? traceParent)
    {
        if (traceParent is null) return null;
        var parts = traceParent.Split('-');
        return parts.Length >= 4 && parts[1].Length == 32 && parts[1].All(char.IsAsciiHexDigitLower) && parts[1] != new string('0', 32) ? parts[1] : null;
    }
}
