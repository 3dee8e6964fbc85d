using System.Text;
using Kyc.Messaging.CloudEvents;
using Kyc.OutboxRelay.Outbox;

namespace Kyc.OutboxRelay.Publishing;

/// <summary>
/// An outbox row as a CloudEvent in the Kafka binary binding: id = outbox id, type = event_type, source, subject,
/// time = occurred_at, dataschema, the partner id, correlation id and the row's trace context as extensions, data = the
/// jsonb text. Key = subject (the aggregate id), topic = the row's topic. <c>ce_traceparent</c>/<c>ce_tracestate</c> keep the
/// context in which the event was written (the CloudEvents distributed tracing extension is not changed by
/// intermediaries); the producer's send span goes into the transport <c>traceparent</c> header.
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
}
