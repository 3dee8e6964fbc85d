using System.Text;
using Confluent.Kafka;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Log;
using Kyc.Audit.Domain.Replay;
using Kyc.Contracts;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Producing;

namespace Kyc.Audit.Infrastructure.Messaging;

/// <summary>
/// Re-publishes recorded events with the CloudEvents Kafka binding (binary mode): the original <c>ce_id</c>, type,
/// source, subject (also the key), time, dataschema, partner id and correlation id, the data as recorded (PostgreSQL's
/// jsonb text: the same JSON value, possibly with other whitespace and key order), and the extension
/// <c>ce_replayjobid</c> naming the job. Consumers de-duplicate by <c>ce_id</c> as for any redelivery. Only to a topic of
/// the replay namespace, or each event to its type's producer topic from the contracts' registry (never the topic the
/// row says it was read from, nor any other).
/// </summary>
public sealed class KafkaReplayPublisher(KafkaProducer producer, AuditMetrics metrics, ProducerTopics producerTopics) : IReplayPublisher
{
    public const string ReplayJobIdHeader = "ce_replayjobid";

    public async Task PublishAsync(string? topic, Guid jobId, IReadOnlyList<AuditRecord> rows, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (topic is not null && !ReplayTopics.IsReplayTopic(topic))
            throw new ReplayPublishException($"{topic} is not a topic of the replay namespace {ReplayTopics.Namespace}<name>");
        var targets = new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            targets[i] = topic ?? (EventRegistry.Find(rows[i].Entry.EventType) is { } contract
                ? producerTopics.For(contract)
                : throw new ReplayPublishException($"row {rows[i].Seq}: {rows[i].Entry.EventType} has no producer in the contracts' registry"));
        }
        await PublishAllAsync(targets, jobId, rows);
    }

    private async Task PublishAllAsync(string[] targets, Guid jobId, IReadOnlyList<AuditRecord> rows)
    {
        // All messages are handed to the producer in seq order before any acknowledgement is awaited (one batch per
        // partition, per-key order kept by the idempotent producer), then every acknowledgement is awaited.
        var pending = new List<Task<ProduceResult>>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            pending.Add(producer.ProduceRawAsync(targets[i], ToMessage(rows[i], jobId), CancellationToken.None));
        }
        string? firstError = null;
        for (var i = 0; i < pending.Count; i++)
        {
            try
            {
                await pending[i];
                metrics.Replayed(targets[i], 1);
            }
            catch (KafkaProduceException e)
            {
                firstError ??= e.Result.Error;
            }
        }
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
