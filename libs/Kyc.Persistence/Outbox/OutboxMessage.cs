using System.Diagnostics;
using System.Text.Json;

namespace Kyc.Persistence.Outbox;

/// <summary>
/// One integration event for the outbox, with the CloudEvents attributes the relay publishes: <see cref="Id"/> (ce id),
/// <see cref="Type"/>, <see cref="Source"/> (e.g. <c>/onboarding</c>), <see cref="Subject"/> (aggregate id and Kafka key),
/// <see cref="Time"/>, <see cref="Data"/> (JSON text), and the partner id and trace context as extensions.
/// </summary>
public sealed record OutboxMessage(
    Guid Id,
    string Topic,
    string Type,
    string Source,
    string Subject,
    string PartnerId,
    DateTimeOffset Time,
    string Data,
    string? DataSchema = null,
    string? TraceParent = null,
    string? TraceState = null,
    string? CorrelationId = null)
{
    /// <summary>A message with a new UUIDv7 id and the trace context of <see cref="Activity.Current"/>, if any.</summary>
    public static OutboxMessage Create(
        string topic, string type, string source, string subject, string partnerId, DateTimeOffset time, string data,
        string? dataSchema = null, string? correlationId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(partnerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(data);
        var (traceParent, traceState) = W3CTraceContext.Of(Activity.Current);
        return new OutboxMessage(
            Guid.CreateVersion7(time), topic, type, source, subject, partnerId, time, data, dataSchema, traceParent, traceState, correlationId);
    }

    /// <inheritdoc cref="Create(string, string, string, string, string, DateTimeOffset, string, string?, string?)"/>
    public static OutboxMessage Create(
        string topic, string type, string source, string subject, string partnerId, DateTimeOffset time, JsonElement data,
        string? dataSchema = null, string? correlationId = null) =>
        Create(topic, type, source, subject, partnerId, time, data.GetRawText(), dataSchema, correlationId);
}
