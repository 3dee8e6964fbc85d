using System.Text;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.OutboxRelay.Outbox;

namespace Kyc.OutboxRelay.Publishing;

/// <summary>
/// An outbox row as a CloudEvent in the Kafka binary binding: id = outbox id, type = event_type, source, subject,
/// time = occurred_at, dataschema, the partner id, correlation id and the row's trace context as extensions, data = the
/// jsonb text. Key = subject (the aggregate id), topic = the row's topic.
/// </summary>
public static class OutboxCloudEvents
{
    public static CloudEvent ToCloudEvent(OutboxRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new CloudEvent(
            row.Id.ToString(), row.Source, row.Type, row.OccurredAt, row.Subject, row.DataSchema, row.PartnerId,
            Encoding.UTF8.GetBytes(row.Data), row.TraceParent, row.TraceState, row.CorrelationId);
    }

    /// <summary>
    /// The Kafka message. <c>ce_traceparent</c>/<c>ce_tracestate</c> keep the context in which the event was written (the
    /// CloudEvents distributed tracing extension is not changed by intermediaries); the transport <c>traceparent</c>
    /// header carries <paramref name="publishTraceParent"/>, the relay's publish span in the same trace, when there is one.
    /// </summary>
    public static OutgoingMessage ToMessage(OutboxRow row, string? publishTraceParent)
    {
        var message = KafkaCloudEventBinding.ToMessage(ToCloudEvent(row));
        if (publishTraceParent is not null)
        {
            message.Headers.Remove(KafkaCloudEventBinding.W3CTraceParentHeader);
            message.Headers.Add(KafkaCloudEventBinding.W3CTraceParentHeader, Encoding.UTF8.GetBytes(publishTraceParent));
        }
        return new OutgoingMessage(row.Topic, message);
    }
}
