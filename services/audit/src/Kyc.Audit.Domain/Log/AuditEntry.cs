namespace Kyc.Audit.Domain.Log;

/// <summary>
/// One integration event as the audit service received it, before it has a place in the chain: the CloudEvents
/// attributes, where it was read from (topic, partition, offset), when it was recorded, and its <c>data</c> as JSON text.
/// Times are kept to the microsecond (what PostgreSQL stores), so an entry hashes the same before and after a round trip.
/// </summary>
public sealed record AuditEntry
{
    public AuditEntry(Guid eventId, string eventType, string source, string? subject, string partnerId, string? correlationId,
        string? traceId, string? dataSchema, DateTimeOffset occurredAt, DateTimeOffset recordedAt, string? topic, int? partition,
        long? offset, string data)
    {
        if (eventId == Guid.Empty) throw new ArgumentException("An event id is never the empty UUID.", nameof(eventId));
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(partnerId);
        if (partition is < 0) throw new ArgumentOutOfRangeException(nameof(partition), partition, "A partition is never negative.");
        if (offset is < 0) throw new ArgumentOutOfRangeException(nameof(offset), offset, "An offset is never negative.");
        ArgumentNullException.ThrowIfNull(data);
        EventId = eventId;
        EventType = eventType;
        Source = source;
        Subject = subject;
        PartnerId = partnerId;
        CorrelationId = correlationId;
        TraceId = traceId;
        DataSchema = dataSchema;
        OccurredAt = Microseconds.Truncate(occurredAt);
        RecordedAt = Microseconds.Truncate(recordedAt);
        Topic = topic;
        Partition = partition;
        Offset = offset;
        Data = data;
    }

    /// <summary>The CloudEvents <c>id</c> (a UUID on this platform); one row per id.</summary>
    public Guid EventId { get; }

    /// <summary>The CloudEvents <c>type</c>, e.g. <c>kyc.onboarding.case.created.v1</c>.</summary>
    public string EventType { get; }

    /// <summary>The CloudEvents <c>source</c>, e.g. <c>/onboarding</c>.</summary>
    public string Source { get; }

    /// <summary>The CloudEvents <c>subject</c>: the aggregate id (e.g. a case id).</summary>
    public string? Subject { get; }

    /// <summary>The <c>partnerid</c> extension: the tenant the event belongs to.</summary>
    public string PartnerId { get; }

    /// <summary>The <c>correlationid</c> extension: the request that caused the event.</summary>
    public string? CorrelationId { get; }

    /// <summary>The W3C trace id of the context in which the event was created (from <c>traceparent</c>).</summary>
    public string? TraceId { get; }

    /// <summary>The CloudEvents <c>dataschema</c>.</summary>
    public string? DataSchema { get; }

    /// <summary>The CloudEvents <c>time</c>: when the change happened (UTC, microseconds).</summary>
    public DateTimeOffset OccurredAt { get; }

    /// <summary>When the audit service appended it (UTC, microseconds).</summary>
    public DateTimeOffset RecordedAt { get; }

    /// <summary>The Kafka topic the event was read from (null only if the consumer could not tell).</summary>
    public string? Topic { get; }

    public int? Partition { get; }

    /// <summary>The Kafka offset the event was read at.</summary>
    public long? Offset { get; }

    /// <summary>The event's <c>data</c> as JSON text. In a stored <see cref="AuditRecord"/> it is PostgreSQL's jsonb text form.</summary>
    public string Data { get; }

    /// <summary>The same entry with its data in the stored (canonical) text form.</summary>
    public AuditEntry WithData(string canonicalData) =>
        new(EventId, EventType, Source, Subject, PartnerId, CorrelationId, TraceId, DataSchema, OccurredAt, RecordedAt, Topic, Partition, Offset, canonicalData);
}

/// <summary>Timestamps at PostgreSQL's precision.</summary>
public static class Microseconds
{
    /// <summary><paramref name="time"/> in UTC, without the sub-microsecond ticks PostgreSQL would drop.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return utc.AddTicks(-(utc.UtcTicks % 10));
    }

    /// <summary>Microseconds since 1970-01-01T00:00:00Z (exact for a truncated time).</summary>
    public static long SinceUnixEpoch(DateTimeOffset time) => (Truncate(time).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
