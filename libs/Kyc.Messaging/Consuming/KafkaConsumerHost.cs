using System.Diagnostics;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.DeadLetters;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Producing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Messaging.Consuming;

/// <summary>
/// Hosts one consumer group whose events <typeparamref name="THandler"/> handles exactly once in effect.
/// <list type="bullet">
/// <item>The consume loop runs on a dedicated thread, one message or one batch at a time (per-partition order is kept).</item>
/// <item>When <typeparamref name="THandler"/> is an <see cref="IIdempotentBatchEventHandler"/>, the messages at hand (up to
/// <see cref="KafkaConsumerOptions.MaxBatchSize"/>, waiting at most <see cref="KafkaConsumerOptions.BatchLinger"/> for more)
/// are handled in one transaction: every id into <c>inbox</c> with one statement, the new events to the handler together,
/// one commit, then their offsets are stored. A batch that fails is rolled back, its partitions are rewound, and its
/// messages are processed one by one as below (KafkaConsumerHost.Batches.cs).</item>
/// <item>Each message: parsed as a CloudEvent (a malformed one is dead-lettered at once), then one transaction on the
/// group's database records its id in <c>inbox</c> and runs the handler; a duplicate id skips the handler.</item>
/// <item>A failed attempt is rolled back and retried after an exponential backoff with jitter; after
/// <see cref="KafkaConsumerOptions.MaxAttempts"/>, or at once for <see cref="PermanentEventFailureException"/>, the original
/// message goes to the dead-letter topic with <c>dlq_*</c> headers. An unreachable database pauses the consumer on the
/// message without spending its attempts.</item>
/// <item>The offset is stored only after the transaction committed or the dead letter was acknowledged, and committed
/// every <see cref="KafkaConsumerOptions.CommitInterval"/>, on partition revocation and on shutdown.</item>
/// <item>Stopping lets the in-flight attempt finish (unless the host's shutdown timeout runs out first, which cancels
/// it and leaves the message for redelivery), commits, and closes the consumer so it leaves the group at once.</item>
/// </list>
/// </summary>
public sealed partial class KafkaConsumerHost<THandler> : BackgroundService
    where THandler : class, IIdempotentEventHandler
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MinimumStallDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly KafkaOptions _kafka;
    private readonly KafkaConsumerOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly IServiceScopeFactory _scopes;
    private readonly KafkaProducer _producer;
    private readonly KafkaMessagingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _abort = new(); // not disposed: the consume thread may outlive Dispose
    private readonly int _maxBatchSize;

    // State of the consume thread (the rebalance callbacks run on it too, inside Consume).
    private readonly Dictionary<TopicPartition, long> _nextToProcess = [];
    private volatile Measurement<long>[] _lag = [];
    private bool _uncommitted;
    private long _lastCommit;
    private long _nextLagRefresh;
    private int _consecutiveStalls;

    public KafkaConsumerHost(
        KafkaOptions kafka,
        KafkaConsumerOptions options,
        NpgsqlDataSource dataSource,
        IServiceScopeFactory scopes,
        KafkaProducer producer,
        KafkaMessagingMetrics metrics,
        ILogger<KafkaConsumerHost<THandler>> logger,
        TimeProvider? time = null)
    {
        _kafka = kafka ?? throw new ArgumentNullException(nameof(kafka));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _kafka.Validate();
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _scopes = scopes ?? throw new ArgumentNullException(nameof(scopes));
        _producer = producer ?? throw new ArgumentNullException(nameof(producer));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? TimeProvider.System;
        Native.Librdkafka.Load();
        DeadLetterTopic = _options.EffectiveDeadLetterTopic;
        _maxBatchSize = typeof(IIdempotentBatchEventHandler).IsAssignableFrom(typeof(THandler)) ? _options.MaxBatchSize : 1;
    }

    public string GroupId => _options.GroupId;

    public string DeadLetterTopic { get; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
                completion.SetResult();
            }
            catch (Exception ex)
            {
                MessagingLog.ConsumerFailed(_logger, ex, GroupId);
                completion.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"kafka-consumer {GroupId}",
        };
        thread.Start();
        return completion.Task;
    }

    /// <summary>
    /// Asks the loop to stop after the message in flight and waits for it to commit and leave the group. When
    /// <paramref name="cancellationToken"/> (the host's shutdown timeout) fires first, the in-flight attempt is cancelled
    /// and rolled back; its message is redelivered to whoever gets the partition.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort))
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        if (ExecuteTask is { IsCompleted: false } running)
            await running.WaitAsync(CloseGrace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Run(CancellationToken stopping)
    {
        var consumer = new ConsumerBuilder<byte[]?, byte[]?>(_options.ToConsumerConfig(_kafka))
            .SetErrorHandler((c, error) => MessagingLog.ClientError(_logger, c.Name, error.Code, error.Reason, error.IsFatal))
            .SetLogHandler((_, message) => MessagingLog.Client(_logger, message))
            .SetPartitionsAssignedHandler((_, partitions) => MessagingLog.Assigned(_logger, GroupId, Describe(partitions)))
            .SetPartitionsRevokedHandler((c, partitions) =>
            {
                CommitStored(c);
                Forget(partitions.Select(p => p.TopicPartition)); // also drops their messages from the batch being collected
                MessagingLog.Revoked(_logger, GroupId, Describe(partitions.Select(p => p.TopicPartition)));
            })
            .SetPartitionsLostHandler((_, partitions) =>
            {
                _uncommitted = false;
                Forget(partitions.Select(p => p.TopicPartition));
                MessagingLog.Lost(_logger, GroupId, Describe(partitions.Select(p => p.TopicPartition)));
            })
            .Build();
        using var lagSource = _metrics.AddLagSource(() => _lag);
        try
        {
            MessagingLog.Starting(_logger, GroupId, string.Join(", ", _options.Topics), DeadLetterTopic);
            consumer.Subscribe(_options.Topics);
            _lastCommit = _time.GetTimestamp();
            Loop(consumer, stopping);
        }
        finally
        {
            try
            {
                CommitStored(consumer);
                consumer.Close();
                MessagingLog.Stopped(_logger, GroupId);
            }
            catch (KafkaException ex)
            {
                MessagingLog.ConsumeError(_logger, GroupId, ex.Error.Code, ex.Error.Reason);
            }
            finally
            {
                _lag = [];
                consumer.Dispose();
            }
        }
    }

    private void Loop(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            CollectBatch(consumer, stopping);
            var keepGoing = _batch.Count switch
            {
                0 => true,
                1 => ProcessOne(consumer, _batch[0], stopping),
                _ => ProcessBatch(consumer, stopping),
            };
            _batch.Clear();
            if (!keepGoing) return;

            if (_uncommitted && _time.GetElapsedTime(_lastCommit) >= _options.CommitInterval) CommitStored(consumer);
            RefreshLag(consumer);
        }
    }

    /// <summary>One message in its own transaction, with its retries and dead-lettering; false when the loop must end.</summary>
    private bool ProcessOne(IConsumer<byte[]?, byte[]?> consumer, ConsumeResult<byte[]?, byte[]?> result, CancellationToken stopping)
    {
        var outcome = ProcessAsync(result, stopping).GetAwaiter().GetResult();
        switch (outcome.Kind)
        {
            case OutcomeKind.Done:
                _consecutiveStalls = 0;
                Store(consumer, result);
                LeaveOneByOne(result);
                break;
            case OutcomeKind.DeadLettered:
                _consecutiveStalls = 0;
                Store(consumer, result);
                LeaveOneByOne(result);
                CommitStored(consumer); // dead letters are rare: do not risk sending one twice
                break;
            case OutcomeKind.Stalled:
                // Fetch the same message again after the pause; polling on keeps the group membership alive.
                consumer.Seek(result.TopicPartitionOffset);
                stopping.WaitHandle.WaitOne(outcome.Delay);
                break;
            case OutcomeKind.Abandoned:
                MessagingLog.Abandoned(_logger, GroupId, result.Topic, result.Partition.Value, result.Offset.Value);
                return false;
        }
        return true;
    }

    private async Task<Outcome> ProcessAsync(ConsumeResult<byte[]?, byte[]?> result, CancellationToken stopping)
    {
        var topicTags = KafkaMessagingMetrics.Tags(result.Topic, GroupId);
        _metrics.Consumed.Add(1, topicTags);
        using var activity = MessagingTelemetry.StartProcess(result, GroupId);

        CloudEvent e;
        Guid eventId;
        try
        {
            e = Parse(result, out eventId);
        }
        catch (CloudEventFormatException ex)
        {
            return await DeadLetterAsync(result, DeadLetterReasons.Malformed, ex, attempts: 0, activity).ConfigureAwait(false);
        }
        activity?.SetTag("kyc.partner_id", e.PartnerId);

        for (var attempt = 1; ; attempt++)
        {
            // Flows into the handler; restored when this method returns.
            KafkaMessageContext.Current = ContextOf(result, attempt);
            var started = Stopwatch.GetTimestamp();
            Exception failure;
            var timedOut = false;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token))
            {
                attemptCts.CancelAfter(_options.HandlerTimeout);
                try
                {
                    var processed = await RunTransactionAsync(e, eventId, attemptCts.Token).ConfigureAwait(false);
                    var outcome = processed ? "handled" : "duplicate";
                    _metrics.HandlerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                        KafkaMessagingMetrics.Tags(result.Topic, GroupId, "outcome", outcome));
                    if (processed)
                    {
                        _metrics.Handled.Add(1, topicTags);
                    }
                    else
                    {
                        _metrics.Duplicates.Add(1, topicTags);
                        activity?.SetTag("kyc.duplicate", true);
                        MessagingLog.Duplicate(_logger, e.Id, result.Topic, result.Partition.Value, result.Offset.Value, GroupId);
                    }
                    return Outcome.Done;
                }
                catch (Exception) when (_abort.IsCancellationRequested)
                {
                    // The host's shutdown timeout ran out: the transaction rolled back, the message stays uncommitted.
                    activity?.SetStatus(ActivityStatusCode.Error, "aborted by shutdown");
                    return Outcome.Abandoned;
                }
                catch (Exception ex) when (attemptCts.IsCancellationRequested)
                {
                    timedOut = true;
                    failure = new TimeoutException($"the handler did not finish within {_options.HandlerTimeout.TotalSeconds:0.###} s", ex);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            }

            _metrics.HandlerDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                KafkaMessagingMetrics.Tags(result.Topic, GroupId, "outcome", "failed"));
            if (failure is InboxUnavailableException)
                return Stall(result, failure, $"the inbox transaction could not be started: {failure.Message}");
            if (!timedOut && DatabaseFailures.IsUnavailable(failure))
                return Stall(result, failure, "the consumer group's database is unavailable");
            if (failure is PermanentEventFailureException)
                return await DeadLetterAsync(result, DeadLetterReasons.Permanent, failure, attempt, activity).ConfigureAwait(false);
            if (attempt >= _options.MaxAttempts)
                return await DeadLetterAsync(result, DeadLetterReasons.RetriesExhausted, failure, attempt, activity).ConfigureAwait(false);

            var delay = RetryBackoff.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay);
            _metrics.Retries.Add(1, topicTags);
            MessagingLog.Retrying(_logger, failure, e.Id, result.Topic, result.Partition.Value, result.Offset.Value, GroupId,
                attempt, _options.MaxAttempts, (long)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Outcome.Abandoned;
            }
            if (stopping.IsCancellationRequested) return Outcome.Abandoned;
        }
    }

    /// <summary>The message as a platform CloudEvent with a UUID id; <see cref="CloudEventFormatException"/> when it is not one.</summary>
    private static CloudEvent Parse(ConsumeResult<byte[]?, byte[]?> result, out Guid eventId)
    {
        var e = KafkaCloudEventBinding.FromHeaders(result.Message.Headers, result.Message.Value);
        if (!Guid.TryParse(e.Id, out eventId)) throw new CloudEventFormatException($"{KafkaCloudEventBinding.IdHeader} '{e.Id}' is not a UUID");
        return e;
    }

    private KafkaMessageContext ContextOf(ConsumeResult<byte[]?, byte[]?> result, int attempt)
    {
        DateTimeOffset? timestamp = result.Message.Timestamp.Type == TimestampType.NotAvailable
            ? null
            : new DateTimeOffset(result.Message.Timestamp.UtcDateTime, TimeSpan.Zero);
        return new KafkaMessageContext(GroupId, result.Topic, result.Partition.Value, result.Offset.Value, timestamp, attempt);
    }

    /// <summary>Inbox row and handler in one transaction; false when the inbox already had the event.</summary>
    private async Task<bool> RunTransactionAsync(CloudEvent e, Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await InboxStepAsync(
            () => _dataSource.OpenConnectionAsync(cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        await using var transaction = await InboxStepAsync(
            () => connection.BeginTransactionAsync(cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        if (!await InboxStepAsync(
                () => Inbox.TryRecordAsync(connection, transaction, GroupId, eventId, cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            await handler.HandleAsync(e, connection, transaction, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Runs a step that does not depend on the message (connection, transaction, inbox row): when it fails, the database
    /// or its schema is at fault, never the message, so the failure must not dead-letter it.
    /// </summary>
    private static async Task<T> InboxStepAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new InboxUnavailableException(ex);
        }
    }

    private async Task<Outcome> DeadLetterAsync(
        ConsumeResult<byte[]?, byte[]?> result, string reason, Exception error, int attempts, Activity? activity)
    {
        var message = DeadLetter.Create(result, GroupId, reason, error, attempts, _time.GetUtcNow());
        try
        {
            await _producer.ProduceRawAsync(DeadLetterTopic, message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (KafkaProduceException ex)
        {
            return Stall(result, ex, $"the dead-letter topic {DeadLetterTopic} did not acknowledge: {ex.Result.Error}");
        }
        catch (ObjectDisposedException)
        {
            return Outcome.Abandoned; // the application is shutting down
        }
        _metrics.DeadLettered.Add(1, KafkaMessagingMetrics.Tags(result.Topic, GroupId, "reason", reason));
        var eventId = KafkaCloudEventBinding.TryGetHeader(result.Message.Headers, KafkaCloudEventBinding.IdHeader);
        MessagingLog.DeadLettered(_logger, error, eventId, result.Topic, result.Partition.Value, result.Offset.Value, GroupId,
            DeadLetterTopic, reason, attempts);
        activity?.SetStatus(ActivityStatusCode.Error, $"dead-lettered: {reason}");
        activity?.SetTag("kyc.dead_letter_topic", DeadLetterTopic);
        return Outcome.DeadLettered;
    }

    private Outcome Stall(ConsumeResult<byte[]?, byte[]?> result, Exception failure, string reason)
    {
        _consecutiveStalls++;
        var baseDelay = _options.RetryBaseDelay > MinimumStallDelay ? _options.RetryBaseDelay : MinimumStallDelay;
        var delay = RetryBackoff.Delay(_consecutiveStalls, baseDelay, _options.UnavailableMaxDelay > baseDelay ? _options.UnavailableMaxDelay : baseDelay);
        _metrics.Stalls.Add(1, KafkaMessagingMetrics.Tags(result.Topic, GroupId));
        MessagingLog.Stalled(_logger, failure, GroupId, result.Topic, result.Partition.Value, result.Offset.Value, (long)delay.TotalMilliseconds, reason);
        return new Outcome(OutcomeKind.Stalled, delay);
    }

    private void Store(IConsumer<byte[]?, byte[]?> consumer, ConsumeResult<byte[]?, byte[]?> result)
    {
        try
        {
            consumer.StoreOffset(result);
            _uncommitted = true;
            _nextToProcess[result.TopicPartition] = result.Offset.Value + 1;
        }
        catch (KafkaException ex)
        {
            // The partition is no longer ours; its new owner gets the message again and the inbox skips it.
            MessagingLog.CommitFailed(_logger, GroupId, ex.Error.Code, ex.Error.Reason);
        }
    }

    private void CommitStored(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (!_uncommitted) return;
        try
        {
            consumer.Commit();
            _uncommitted = false;
        }
        catch (TopicPartitionOffsetException ex)
        {
            var failed = ex.Results.FirstOrDefault(r => r.Error.IsError);
            MessagingLog.CommitFailed(_logger, GroupId, failed?.Error.Code ?? ex.Error.Code, failed?.Error.Reason ?? ex.Error.Reason);
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
            _uncommitted = false;
        }
        catch (KafkaException ex)
        {
            MessagingLog.CommitFailed(_logger, GroupId, ex.Error.Code, ex.Error.Reason);
        }
        _lastCommit = _time.GetTimestamp();
    }

    private void Forget(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _nextToProcess.Remove(partition);
            _oneByOneUntil.Remove(partition);
            _batch.RemoveAll(r => r.TopicPartition == partition);
        }
        _nextLagRefresh = 0;
    }

    /// <summary>Lag per assigned partition from the client's cached high watermarks: no broker round trip.</summary>
    private void RefreshLag(IConsumer<byte[]?, byte[]?> consumer)
    {
        var now = _time.GetTimestamp();
        if (now < _nextLagRefresh) return;
        _nextLagRefresh = now + (long)(_options.LagRefreshInterval.TotalSeconds * _time.TimestampFrequency);
        var measurements = new List<Measurement<long>>();
        foreach (var partition in consumer.Assignment)
        {
            var high = consumer.GetWatermarkOffsets(partition).High;
            if (high.IsSpecial) continue;
            long next;
            if (_nextToProcess.TryGetValue(partition, out var processed)) next = processed;
            else if (consumer.Position(partition) is { IsSpecial: false } position) next = position.Value;
            else continue;
            measurements.Add(new Measurement<long>(Math.Max(0, high.Value - next),
                new KeyValuePair<string, object?>("topic", partition.Topic),
                new KeyValuePair<string, object?>("partition", KafkaOptions.Invariant(partition.Partition.Value)),
                new KeyValuePair<string, object?>("consumer_group", GroupId)));
        }
        _lag = [.. measurements];
    }

    private static string Describe(IEnumerable<TopicPartition> partitions)
    {
        var text = string.Join(", ", partitions.Select(p => $"{p.Topic}/{p.Partition.Value}"));
        return text.Length == 0 ? "nothing" : text;
    }

    private enum OutcomeKind { Done, DeadLettered, Stalled, Abandoned, FallBack }

    private sealed class InboxUnavailableException(Exception inner) : Exception(inner.Message, inner);

    private readonly record struct Outcome(OutcomeKind Kind, TimeSpan Delay = default)
    {
        public static Outcome Done => new(OutcomeKind.Done);
        public static Outcome DeadLettered => new(OutcomeKind.DeadLettered);
        public static Outcome Abandoned => new(OutcomeKind.Abandoned);
        public static Outcome FallBack => new(OutcomeKind.FallBack);
    }
}
