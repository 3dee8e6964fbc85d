using System.Text.Json;
using Kyc.Audit.Domain.Log;

namespace Kyc.Audit.Application.Events;

/// <summary>A row of the audit log as the API shows it.</summary>
public sealed record AuditEventView(
    long Seq,
    Guid EventId,
    string EventType,
    string Source,
    string? AggregateId,
    string PartnerId,
    string? CorrelationId,
    string? TraceId,
    string? DataSchema,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string? Topic,
    int? Partition,
    long? Offset,
    JsonElement Data,
    string PrevHash,
    string Hash)
{
    public static AuditEventView From(AuditRecord record)
    {
        var e = record.Entry;
        using var data = JsonDocument.Parse(e.Data);
        return new AuditEventView(record.Seq, e.EventId, e.EventType, e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceId,
            e.DataSchema, e.OccurredAt, e.RecordedAt, e.Topic, e.Partition, e.Offset, data.RootElement.Clone(), record.PrevHashHex, record.HashHex);
    }
}
