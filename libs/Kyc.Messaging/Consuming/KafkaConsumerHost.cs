using Confluent.Kafka;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Producing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Messaging.Consuming;

/// <summary>
/// Hosts one consumer group whose events <typeparamref name="THandler"/> handles exactly once in effect: the poll loop,
/// on a dedicated thread, one message or one batch at a time (per-partition order is kept). What happens to a message
/// is <see cref="MessageProcessor{THandler}"/>'s; offsets are <see cref="OffsetCommitter"/>'s; whether the group gets
/// anywhere is <see cref="ConsumerProgress"/>'s.
/// <list type="bullet">
/// <item>A batch handler gets the messages at hand (up to <see cref="KafkaConsumerOptions.MaxBatchSize"/>, waiting at most
/// <see cref="KafkaConsumerOptions.BatchLinger"/> for more) in one transaction. A batch that fails is rolled back, its
/// partitions are rewound, and its messages (up to the batch's last offset per partition) are processed one by one;
/// then batching resumes.</item>
/// <item>A pause (database unreachable) rewinds to the message or batch and reads it again after the delay; polling on
/// keeps the group membership alive.</item>
/// <item>Stopping lets the in-flight attempt finish (unless the host's shutdown timeout runs out first, which cancels
/// it and leaves the message for redelivery), commits, and closes the consumer so it leaves the group at once.</item>
/// </list>
/// </summary>
public sealed class KafkaConsumerHost<THandler> : BackgroundService
    where THandler : class, IIdempotentEventHandler
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly KafkaOptions _kafka;
    private readonly KafkaConsumerOptions _options;
    private readonly KafkaMessagingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _abort = new(); // not disposed: the consume thread may outlive Dispose
    private readonly MessageProcessor<THandler> _processor;
    private readonly OffsetCommitter _offsets;
    private readonly int _maxBatchSize;

    // State of the consume thread (the rebalance callbacks run on it too, inside Consume).
    // _batch: read but not processed yet (the rebalance callbacks drop what they take away).
    // _oneByOneUntil: per partition, the end (exclusive) of a failed batch's messages, to be processed one by one.
    private readonly List<ConsumeResult<byte[]?, byte[]?>> _batch = [];
    private readonly Dictionary<TopicPartition, long> _oneByOneUntil = [];
    private long _nextRefresh;

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
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(producer);
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? TimeProvider.System;
        Native.Librdkafka.Load();
        DeadLetterTopic = _options.EffectiveDeadLetterTopic;
        _maxBatchSize = typeof(IIdempotentBatchEventHandler).IsAssignableFrom(typeof(THandler)) ? _options.MaxBatchSize : 1;
        _processor = new MessageProcessor<THandler>(_options, dataSource, scopes, producer, metrics, logger, _time, _abort.Token);
        _offsets = new OffsetCommitter(GroupId, _options.CommitInterval, _time, logger);
        Progress = new ConsumerProgress(GroupId, _options.StallTimeout, _time);
    }

    public string GroupId => _options.GroupId;

    public string DeadLetterTopic { get; }

    /// <summary>Whether the group is getting anywhere (readiness and <c>kyc.messaging.consumer.stalled</c>).</summary>
    public ConsumerProgress Progress { get; }

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
        using var consumer = Build();
        using var observed = _metrics.AddConsumer(Progress);
        try
        {
            MessagingLog.Starting(_logger, GroupId, string.Join(", ", _options.Topics), DeadLetterTopic);
            consumer.Subscribe(_options.Topics);
            Loop(consumer, stopping);
        }
        finally
        {
            try
            {
                _offsets.Commit(consumer);
                consumer.Close();
                MessagingLog.Stopped(_logger, GroupId);
            }
            catch (KafkaException ex)
            {
                MessagingLog.ConsumeError(_logger, GroupId, ex.Error.Code, ex.Error.Reason);
            }
            finally
            {
                Progress.Stopped();
            }
        }
    }

    private IConsumer<byte[]?, byte[]?> Build() =>
        new ConsumerBuilder<byte[]?, byte[]?>(_options.ToConsumerConfig(_kafka))
            .SetErrorHandler((c, error) => MessagingLog.ClientError(_logger, c.Name, error.Code, error.Reason, error.IsFatal))
            .SetLogHandler((_, message) => MessagingLog.Client(_logger, message))
            .SetStatisticsHandler((_, json) => Progress.OnStatistics(json))
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                _nextRefresh = 0;
                MessagingLog.Assigned(_logger, GroupId, Describe(partitions));
            })
            .SetPartitionsRevokedHandler((c, partitions) =>
            {
                _offsets.Commit(c);
                Forget(partitions.Select(p => p.TopicPartition), lost: false);
                MessagingLog.Revoked(_logger, GroupId, Describe(partitions.Select(p => p.TopicPartition)));
            })
            .SetPartitionsLostHandler((_, partitions) =>
            {
                Forget(partitions.Select(p => p.TopicPartition), lost: true);
                MessagingLog.Lost(_logger, GroupId, Describe(partitions.Select(p => p.TopicPartition)));
            })
            .Build();

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
            _offsets.CommitIfDue(consumer);
            RefreshProgress(consumer);
        }
    }

    /// <summary>
    /// Fills <see cref="_batch"/>: waits up to the poll timeout for a first message, then takes what arrives within the
    /// linger, up to the batch size (one message while a failed batch is being processed one by one).
    /// </summary>
    private void CollectBatch(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stopping)
    {
        _batch.Clear();
        if (!TryConsume(consumer, PollTimeout, out var first))
        {
            stopping.WaitHandle.WaitOne(PollTimeout); // e.g. a subscribed topic does not exist yet; librdkafka keeps trying
            return;
        }
        if (first is null) return;
        _batch.Add(first);
        var limit = _oneByOneUntil.Count > 0 ? 1 : _maxBatchSize;
        var lingerStarted = _time.GetTimestamp();
        while (_batch.Count > 0 && _batch.Count < limit && !stopping.IsCancellationRequested)
        {
            var left = _options.BatchLinger - _time.GetElapsedTime(lingerStarted);
            if (!TryConsume(consumer, left > TimeSpan.Zero ? left : TimeSpan.Zero, out var next) || next is null) return;
            _batch.Add(next);
        }
    }

    /// <summary>One message, or null when none arrived in time; false on a (non-fatal) consume error, which is logged.</summary>
    private bool TryConsume(IConsumer<byte[]?, byte[]?> consumer, TimeSpan timeout, out ConsumeResult<byte[]?, byte[]?>? result)
    {
        try
        {
            result = consumer.Consume(timeout) is { IsPartitionEOF: false, Message: not null } consumed ? consumed : null;
            return true;
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            MessagingLog.ConsumeError(_logger, GroupId, ex.Error.Code, ex.Error.Reason);
            result = null;
            return false;
        }
    }

    /// <summary>One message in its own transaction, with its retries and dead-lettering; false when the loop must end.</summary>
    private bool ProcessOne(IConsumer<byte[]?, byte[]?> consumer, ConsumeResult<byte[]?, byte[]?> result, CancellationToken stopping)
    {
        var outcome = _processor.ProcessOneAsync(result, stopping).GetAwaiter().GetResult();
        switch (outcome.Kind)
        {
            case OutcomeKind.Done or OutcomeKind.DeadLettered:
                Committed(consumer, [result]);
                LeaveOneByOne(result);
                if (outcome.Kind == OutcomeKind.DeadLettered) _offsets.Commit(consumer); // rare: do not risk sending one twice
                break;
            case OutcomeKind.Stalled:
                Rewind(consumer);
                stopping.WaitHandle.WaitOne(outcome.Delay);
                break;
            case OutcomeKind.Abandoned:
                MessagingLog.Abandoned(_logger, GroupId, result.Topic, result.Partition.Value, result.Offset.Value);
                return false;
        }
        return true;
    }

    /// <summary>The collected batch in one transaction; false when the loop must end.</summary>
    private bool ProcessBatch(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stopping)
    {
        var outcome = _processor.ProcessBatchAsync(_batch).GetAwaiter().GetResult();
        switch (outcome.Kind)
        {
            case OutcomeKind.Done:
                Committed(consumer, _batch);
                break;
            case OutcomeKind.Stalled:
                Rewind(consumer);
                stopping.WaitHandle.WaitOne(outcome.Delay);
                break;
            case OutcomeKind.FallBack:
                _metrics.BatchFallbacks.Add(1, KafkaMessagingMetrics.GroupTags(GroupId));
                foreach (var last in _batch.GroupBy(r => r.TopicPartition).Select(p => p.Last()))
                    _oneByOneUntil[last.TopicPartition] = last.Offset.Value + 1;
                Rewind(consumer);
                break;
            case OutcomeKind.Abandoned:
                MessagingLog.Abandoned(_logger, GroupId, _batch[0].Topic, _batch[0].Partition.Value, _batch[0].Offset.Value);
                return false;
        }
        return true;
    }

    private void Committed(IConsumer<byte[]?, byte[]?> consumer, IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> results)
    {
        _processor.Progressed();
        Progress.Progressed();
        _offsets.StoreLastOfEachPartition(consumer, results);
    }

    /// <summary>Seeks every partition of the batch back to its first message in the batch: they are read again.</summary>
    private void Rewind(IConsumer<byte[]?, byte[]?> consumer)
    {
        foreach (var first in _batch.GroupBy(r => r.TopicPartition).Select(p => p.First())) consumer.Seek(first.TopicPartitionOffset);
    }

    /// <summary>A message processed one by one has left the failed batch when it was the batch's last of its partition.</summary>
    private void LeaveOneByOne(ConsumeResult<byte[]?, byte[]?> result)
    {
        if (_oneByOneUntil.TryGetValue(result.TopicPartition, out var end) && result.Offset.Value + 1 >= end)
            _oneByOneUntil.Remove(result.TopicPartition);
    }

    private void Forget(IEnumerable<TopicPartition> partitions, bool lost)
    {
        var taken = partitions.ToList();
        _offsets.Forget(taken, lost);
        foreach (var partition in taken)
        {
            _oneByOneUntil.Remove(partition);
            _batch.RemoveAll(r => r.TopicPartition == partition); // drops their messages from the batch being collected
        }
        _nextRefresh = 0;
    }

    private void RefreshProgress(IConsumer<byte[]?, byte[]?> consumer)
    {
        var now = _time.GetTimestamp();
        if (now < _nextRefresh) return;
        _nextRefresh = now + (long)(_options.LagRefreshInterval.TotalSeconds * _time.TimestampFrequency);
        Progress.Refresh(consumer, _offsets, _options.LagRefreshInterval);
    }

    private static string Describe(IEnumerable<TopicPartition> partitions)
    {
        var text = string.Join(", ", partitions.Select(p => $"{p.Topic}/{p.Partition.Value}"));
        return text.Length == 0 ? "nothing" : text;
    }
}
