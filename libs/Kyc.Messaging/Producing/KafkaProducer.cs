using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kyc.Messaging.Producing;

/// <summary>
/// The service's one Kafka producer (thread-safe; register as a singleton): idempotent (no duplicates or reordering
/// within a partition on the producer's own retries), acknowledged by all in-sync replicas, batching with a short
/// linger. Each event gets a <c>send {topic}</c> span, child of the event's trace context; the message's
/// <c>traceparent</c> header carries that span to the consumers.
/// </summary>
public sealed class KafkaProducer : IDisposable
{
    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan FlushOnDispose = TimeSpan.FromSeconds(10);

    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly KafkaMessagingMetrics _metrics;
    private readonly ILogger _logger;
    private volatile string? _fatalError;
    private int _disposed;

    public KafkaProducer(KafkaOptions options, KafkaMessagingMetrics metrics, ILogger<KafkaProducer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Native.Librdkafka.Load();
        _producer = new ProducerBuilder<byte[]?, byte[]?>(options.ToProducerConfig())
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, message) => MessagingLog.Client(_logger, message))
            .Build();
    }

    /// <summary>The librdkafka client name, e.g. <c>kyc#producer-1</c>.</summary>
    public string Name => _producer.Name;

    /// <summary>Set once the producer hit a fatal error (e.g. an idempotence sequence gap): it can no longer produce; restart the process.</summary>
    public string? FatalError => _fatalError;

    /// <summary>Publishes one event and waits for the broker's acknowledgement; <see cref="KafkaProduceException"/> when there is none.</summary>
    public async Task<ProduceResult> ProduceAsync(string topic, CloudEvent e, CancellationToken cancellationToken = default)
    {
        var results = await ProduceBatchAsync([new OutgoingEvent(topic, e)], cancellationToken).ConfigureAwait(false);
        return results[0].Acknowledged ? results[0] : throw new KafkaProduceException(results[0]);
    }

    /// <summary>
    /// Publishes every event (they are batched per partition) and returns one result per event, in the input order, once
    /// the broker has answered for each: a result is acknowledged or failed, never unknown. Events of one key (the
    /// subject) go to one partition in the input order. <paramref name="cancellationToken"/> stops sending the rest of the
    /// batch (their results say so) but never abandons the wait for messages already sent, which ends within
    /// <see cref="KafkaOptions.Timeout"/>. A failed message does not stop the others: when one event of a key fails,
    /// later events of the same key may still be acknowledged, so a publisher that needs per-key order must resend only
    /// from the first failure of each key (and consumers dedupe the repeats by event id).
    /// </summary>
    public async Task<IReadOnlyList<ProduceResult>> ProduceBatchAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var messages = new Message<byte[]?, byte[]?>[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(events[i].Topic);
            messages[i] = ToRaw(KafkaCloudEventBinding.ToMessage(events[i].Event)); // all validated before anything is sent
        }
        var outgoing = new Outgoing[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var (topic, e) = events[i];
            outgoing[i] = new Outgoing(topic, e.Id, messages[i], MessagingTelemetry.StartSend(topic, e));
        }
        return await SendAsync(outgoing, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes a message as it is (key, value and headers untouched), e.g. to a dead-letter topic or when an operator
    /// replays one; <see cref="KafkaProduceException"/> when the broker does not acknowledge it.
    /// </summary>
    public async Task<ProduceResult> ProduceRawAsync(string topic, Message<byte[]?, byte[]?> message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var eventId = KafkaCloudEventBinding.TryGetHeader(message.Headers, KafkaCloudEventBinding.IdHeader);
        var results = await SendAsync([new Outgoing(topic, eventId, message, null)], cancellationToken).ConfigureAwait(false);
        return results[0].Acknowledged ? results[0] : throw new KafkaProduceException(results[0]);
    }

    /// <summary>Waits up to 10 s for queued messages, then releases the client.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            var left = _producer.Flush(FlushOnDispose);
            if (left > 0) MessagingLog.UndeliveredOnDispose(_logger, left);
        }
        catch (KafkaException ex)
        {
            MessagingLog.UndeliveredOnDispose(_logger, -1, ex);
        }
        _producer.Dispose();
    }

    private async Task<IReadOnlyList<ProduceResult>> SendAsync(Outgoing[] batch, CancellationToken cancellationToken)
    {
        var reports = new Task<DeliveryReport<byte[]?, byte[]?>>?[batch.Length];
        var results = new ProduceResult?[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            var item = batch[i];
            if (cancellationToken.IsCancellationRequested)
            {
                results[i] = ProduceResult.Failure(item.Topic, item.EventId, ErrorCode.Local_Fail, "not sent: the batch was cancelled");
                continue;
            }
            var delivered = new TaskCompletionSource<DeliveryReport<byte[]?, byte[]?>>(TaskCreationOptions.RunContinuationsAsynchronously);
            var activity = item.Activity;
            try
            {
                await EnqueueAsync(item, report =>
                {
                    activity?.SetEndTime(DateTime.UtcNow);
                    delivered.TrySetResult(report);
                }, cancellationToken).ConfigureAwait(false);
                reports[i] = delivered.Task;
            }
            catch (ProduceException<byte[]?, byte[]?> ex)
            {
                results[i] = ProduceResult.Failure(item.Topic, item.EventId, ex.Error.Code, ex.Error.Reason);
            }
            catch (KafkaException ex)
            {
                results[i] = ProduceResult.Failure(item.Topic, item.EventId, ex.Error.Code, ex.Error.Reason);
            }
            catch (OperationCanceledException)
            {
                results[i] = ProduceResult.Failure(item.Topic, item.EventId, ErrorCode.Local_Fail, "not sent: the batch was cancelled while the local queue was full");
            }
        }

        for (var i = 0; i < batch.Length; i++)
        {
            var item = batch[i];
            if (reports[i] is { } pending)
            {
                var report = await pending.ConfigureAwait(false);
                results[i] = report.Error.IsError
                    ? ProduceResult.Failure(item.Topic, item.EventId, report.Error.Code, report.Error.Reason,
                        possiblyPersisted: report.Status == PersistenceStatus.PossiblyPersisted)
                    : ProduceResult.Success(item.Topic, item.EventId, report.Partition.Value, report.Offset.Value);
            }
            var result = results[i]!;
            if (result.Acknowledged)
            {
                _metrics.Produced.Add(1, new KeyValuePair<string, object?>("topic", item.Topic));
            }
            else
            {
                _metrics.ProduceFailures.Add(1, new KeyValuePair<string, object?>("topic", item.Topic), new KeyValuePair<string, object?>("error", result.ErrorCode.ToString()));
                item.Activity?.SetStatus(ActivityStatusCode.Error, result.Error);
            }
            if (item.Activity is { } activity)
            {
                if (result.Acknowledged)
                {
                    activity.SetTag("messaging.destination.partition.id", KafkaOptions.Invariant(result.Partition));
                    activity.SetTag("messaging.kafka.offset", result.Offset);
                }
                MessagingTelemetry.StopQuietly(activity);
            }
        }
        return results!;
    }

    /// <summary>Hands the message to librdkafka, waiting while its local queue is full.</summary>
    private async Task EnqueueAsync(Outgoing item, Action<DeliveryReport<byte[]?, byte[]?>> onDelivery, CancellationToken cancellationToken)
    {
        if (item.Activity is { } activity && MessagingTelemetry.TraceParentOf(activity) is { } traceParent)
        {
            var headers = item.Message.Headers ??= [];
            headers.Remove(KafkaCloudEventBinding.W3CTraceParentHeader);
            headers.Remove(KafkaCloudEventBinding.W3CTraceStateHeader);
            headers.Add(KafkaCloudEventBinding.W3CTraceParentHeader, Encoding.UTF8.GetBytes(traceParent));
            if (!string.IsNullOrEmpty(activity.TraceStateString))
                headers.Add(KafkaCloudEventBinding.W3CTraceStateHeader, Encoding.UTF8.GetBytes(activity.TraceStateString));
        }
        while (true)
        {
            try
            {
                _producer.Produce(item.Topic, item.Message, onDelivery);
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                await Task.Delay(QueueFullBackoff, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void OnError(Error error)
    {
        if (error.IsFatal) _fatalError = $"{error.Code}: {error.Reason}";
        MessagingLog.ClientError(_logger, _producer?.Name ?? "producer", error.Code, error.Reason, error.IsFatal);
    }

    private static Message<byte[]?, byte[]?> ToRaw(Message<string, byte[]> message) => new()
    {
        Key = message.Key is null ? null : Encoding.UTF8.GetBytes(message.Key),
        Value = message.Value,
        Headers = message.Headers,
    };

    private sealed record Outgoing(string Topic, string? EventId, Message<byte[]?, byte[]?> Message, Activity? Activity);
}
