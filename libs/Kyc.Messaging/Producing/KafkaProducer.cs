using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kyc.Messaging.Producing;

/// <summary>
/// The platform's Kafka producer (thread-safe): idempotent (no duplicates or reordering within a partition on the
/// producer's own retries), acknowledged by all in-sync replicas, Java's murmur2 partitioner. A service's shared one
/// (<see cref="ProducerOrdering.Default"/>, a singleton) batches with a short linger; the outbox relay creates
/// <see cref="ProducerOrdering.Strict"/> ones. Each event gets a <c>send {topic}</c> span, child of the event's trace
/// context (linked to the caller's span); the message's <c>traceparent</c> header carries that span to the consumers.
/// </summary>
public sealed class KafkaProducer : IDisposable
{
    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan FlushOnDispose = TimeSpan.FromSeconds(10);

    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly KafkaMessagingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ProducerOrdering _ordering;
    private volatile string? _fatalError;
    private volatile bool _holdsUnreported;
    private int _disposed;

    public KafkaProducer(KafkaOptions options, KafkaMessagingMetrics metrics, ILogger logger, ProducerOrdering ordering = ProducerOrdering.Default)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _ordering = ordering;
        Native.Librdkafka.Load();
        _producer = new ProducerBuilder<byte[]?, byte[]?>(options.ToProducerConfig(ordering == ProducerOrdering.Strict))
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, message) => MessagingLog.Client(_logger, message))
            .Build();
    }

    /// <summary>The librdkafka client name, e.g. <c>kyc#producer-1</c>.</summary>
    public string Name => _producer.Name;

    /// <summary>Set once the producer hit a fatal error (e.g. an idempotence sequence gap): it can no longer produce; restart the process.</summary>
    public string? FatalError => _fatalError;

    /// <summary>
    /// A wait ended before every report came (or the producer is fatally broken): with strict ordering, dispose it and
    /// retry with a new one, so that what it still holds cannot reach the broker after the retry's messages.
    /// </summary>
    public bool NeedsReplacement => _holdsUnreported || _fatalError is not null;

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
    public Task<IReadOnlyList<ProduceResult>> ProduceBatchAsync(IReadOnlyList<OutgoingEvent> events, CancellationToken cancellationToken = default) =>
        ProduceBatchAsync(events, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>
    /// As <see cref="ProduceBatchAsync(IReadOnlyList{OutgoingEvent}, CancellationToken)"/>, but the wait for reports ends
    /// after <paramref name="wait"/> or when <paramref name="cancellationToken"/> fires: messages without a report then
    /// count as <see cref="ProduceResult.TimedOut"/> and the producer <see cref="NeedsReplacement"/>. With strict ordering this
    /// is the only bound (librdkafka's own expiry is off).
    /// </summary>
    public async Task<IReadOnlyList<ProduceResult>> ProduceBatchAsync(IReadOnlyList<OutgoingEvent> events, TimeSpan wait, CancellationToken cancellationToken = default)
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
            outgoing[i] = new Outgoing(topic, e.Id, e.Subject, messages[i], MessagingTelemetry.StartSend(topic, e));
        }
        return await SendAsync(outgoing, wait, cancellationToken).ConfigureAwait(false);
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
        var results = await SendAsync([new Outgoing(topic, eventId, null, message, null)], Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
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

    private async Task<IReadOnlyList<ProduceResult>> SendAsync(Outgoing[] batch, TimeSpan wait, CancellationToken cancellationToken)
    {
        var reports = new Task<DeliveryReport<byte[]?, byte[]?>>?[batch.Length];
        var results = new ProduceResult?[batch.Length];
        HashSet<string>? failedKeys = null;
        for (var i = 0; i < batch.Length; i++)
        {
            var item = batch[i];
            if (cancellationToken.IsCancellationRequested)
            {
                results[i] = ProduceResult.Unsent(item.Topic, item.EventId, "the batch was cancelled");
                continue;
            }
            if (item.Key is not null && failedKeys is not null && failedKeys.Contains(item.Key))
            {
                results[i] = ProduceResult.Unsent(item.Topic, item.EventId, "an earlier event of the same key failed in this batch");
                continue;
            }
            try
            {
                reports[i] = await EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaException ex)
            {
                results[i] = ProduceResult.Failure(item.Topic, item.EventId, ex.Error.Code, ex.Error.Reason);
                if (ex.Error.IsFatal) OnError(ex.Error);
            }
            catch (OperationCanceledException)
            {
                results[i] = ProduceResult.Unsent(item.Topic, item.EventId, "the batch was cancelled while the local queue was full");
            }
            if (results[i] is not null && _ordering == ProducerOrdering.Strict && item.Key is not null)
                (failedKeys ??= new HashSet<string>(StringComparer.Ordinal)).Add(item.Key);
        }

        await WaitForReportsAsync(reports, wait, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < batch.Length; i++)
        {
            results[i] ??= ResultOf(batch[i], reports[i]!, wait);
            Record(batch[i], results[i]!);
        }
        return results!;
    }

    /// <summary>Until every report came, <paramref name="wait"/> passed or the token fired.</summary>
    private static async Task WaitForReportsAsync(Task<DeliveryReport<byte[]?, byte[]?>>?[] reports, TimeSpan wait, CancellationToken cancellationToken)
    {
        var pending = reports.OfType<Task<DeliveryReport<byte[]?, byte[]?>>>().ToArray();
        if (pending.Length == 0) return;
        var all = Task.WhenAll(pending);
        try
        {
            await all.WaitAsync(wait, wait == Timeout.InfiniteTimeSpan ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
        }
    }

    private ProduceResult ResultOf(Outgoing item, Task<DeliveryReport<byte[]?, byte[]?>> pending, TimeSpan wait)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            _holdsUnreported = true;
            var waited = wait == Timeout.InfiniteTimeSpan ? "" : $" within {wait.TotalSeconds:0.###} s";
            return ProduceResult.Failure(item.Topic, item.EventId, ErrorCode.Local_TimedOut, $"not acknowledged by Kafka{waited}", possiblyPersisted: true);
        }
        var report = pending.Result;
        return report.Error.IsError
            ? ProduceResult.Failure(item.Topic, item.EventId, report.Error.Code, report.Error.Reason,
                possiblyPersisted: report.Status == PersistenceStatus.PossiblyPersisted)
            : ProduceResult.Success(item.Topic, item.EventId, report.Partition.Value, report.Offset.Value);
    }

    private void Record(Outgoing item, ProduceResult result)
    {
        if (result.Acknowledged)
        {
            _metrics.Produced.Add(1, new KeyValuePair<string, object?>("topic", item.Topic));
        }
        else if (!result.NotSent)
        {
            _metrics.ProduceFailures.Add(1, new KeyValuePair<string, object?>("topic", item.Topic), new KeyValuePair<string, object?>("error", result.ErrorCode.ToString()));
        }
        if (item.Activity is not { } activity) return;
        if (result.Acknowledged)
        {
            activity.SetTag("messaging.destination.partition.id", KafkaOptions.Invariant(result.Partition));
            activity.SetTag("messaging.kafka.offset", result.Offset);
        }
        else
        {
            activity.SetStatus(ActivityStatusCode.Error, result.Error);
        }
        MessagingTelemetry.StopQuietly(activity);
    }

    /// <summary>Hands the message to librdkafka, waiting while its local queue is full.</summary>
    private async Task<Task<DeliveryReport<byte[]?, byte[]?>>> EnqueueAsync(Outgoing item, CancellationToken cancellationToken)
    {
        var delivered = new TaskCompletionSource<DeliveryReport<byte[]?, byte[]?>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sendSpan = item.Activity;
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
                _producer.Produce(item.Topic, item.Message, report =>
                {
                    sendSpan?.SetEndTime(DateTime.UtcNow);
                    delivered.TrySetResult(report);
                });
                return delivered.Task;
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

    private sealed record Outgoing(string Topic, string? EventId, string? Key, Message<byte[]?, byte[]?> Message, Activity? Activity);
}
