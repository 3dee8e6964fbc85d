using System.Text;
using Confluent.Kafka;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Log;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Producing;

namespace Kyc.Audit.Infrastructure.Messaging;

/// <summary>
/// Re-publishes recorded events with the CloudEvents Kafka binding (binary mode): the original <c>ce_id</c>, type,
/// source, subject (also the key), time, dataschema, partner id and correlation id, the data as recorded (PostgreSQL's
/// jsonb text: the same JSON value, possibly with other whitespace and key order), and the extension
/// <c>ce_replayjobid</c> naming the job. Consumers de-duplicate by <c>ce_id</c> as for any redelivery.
/// </summary>
public sealed class KafkaReplayPublisher(KafkaProducer producer, AuditMetrics metrics) : IReplayPublisher
{
    public const string ReplayJobIdHeader = "ce_replayjobid";

    public async Task PublishAsync(string topic, Guid jobId, IReadOnlyList<AuditRecord> rows, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await PublishAllAsync(topic, jobId, rows);
    }

    private async Task PublishAllAsync(string topic, Guid jobId, IReadOnlyList<AuditRecord> rows)
    {
        // All messages are handed to the producer in seq order before any acknowledgement is awaited (one batch per
        // partition, per-key order kept by the idempotent producer), then every acknowledgement is awaited.
        var pending = new List<Task<ProduceResult>>(rows.Count);
        foreach (var row in rows)
        {
            pending.Add(producer.ProduceRawAsync(topic, ToMessage(row, jobId), CancellationToken.None));
        }
        string? firstError = null;
        var published = 0;
        foreach (var task in pending)
        {
            try
            {
                await task;
                published++;
            }
            catch (KafkaProduceException e)
            {
                firstError ??= e.Result.Error;
            }
        }
        if (published > 0) metrics.Replayed(topic, published);
        // Once sent, a batch is always awaited to its end (ct is not used): its progress must be saved.
        if (firstError is not null) throw new ReplayPublishException(firstError);
    }

    public static Message<byte[]?, byte[]?> ToMessage(AuditRecord row, Guid jobId)
    {
        var e = row.Entry;
        var cloudEvent = new CloudEvent(e.EventId.ToString("D"), e.Source, e.EventType, e.OccurredAt, e.Subject, e.DataSchema, e.PartnerId,
            Encoding.UTF8.GetBytes(e.Data), CorrelationId: e.CorrelationId);
        var message = KafkaCloudEventBinding.ToMessage(cloudEvent);
        message.Headers.Add(ReplayJobIdHeader, Encoding.UTF8.GetBytes(jobId.ToString("D")));
        return new Message<byte[]?, byte[]?>
        {
            Key = message.Key is null ? null : Encoding.UTF8.GetBytes(message.Key),
            Value = message.Value,
            Headers = message.Headers,
        };
    }
}
