using System.Diagnostics;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Kyc.Messaging.Consuming;

/// <summary>
/// Batches: collecting the messages at hand, handling them in one transaction, and falling back to one by one.
/// <list type="bullet">
/// <item>A batch is committed as a whole or not at all; only then are its offsets stored (per partition, the last
/// message's offset + 1), so a crash or a lost partition redelivers the whole batch, which the inbox absorbs.</item>
/// <item>A batch whose database is unreachable pauses like a single message: its partitions are rewound to the batch's
/// first messages and the same batch is tried again after the pause.</item>
/// <item>Any other failure, a timeout, or a message that is not a platform CloudEvent: the partitions are rewound and
/// every message up to the batch's last offset per partition is processed one by one, each in its own transaction with
/// its own retries and dead-lettering, exactly as for a handler without batches. The batch's attempt is not counted
/// against any message. After that, batching resumes.</item>
/// </list>
/// </summary>
public sealed partial class KafkaConsumerHost<THandler>
{
    // State of the consume thread. _batch: read but not processed yet (the rebalance callbacks drop what they take away).
    // _oneByOneUntil: per partition, the end (exclusive) of a failed batch's messages, to be processed one by one.
    private readonly List<ConsumeResult<byte[]?, byte[]?>> _batch = [];
    private readonly Dictionary<TopicPartition, long> _oneByOneUntil = [];

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

    /// <summary>The collected batch in one transaction; false when the loop must end.</summary>
    private bool ProcessBatch(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stopping)
    {
        var outcome = ProcessBatchAsync().GetAwaiter().GetResult();
        switch (outcome.Kind)
        {
            case OutcomeKind.Done:
                _consecutiveStalls = 0;
                foreach (var last in _batch.GroupBy(r => r.TopicPartition).Select(p => p.Last())) Store(consumer, last);
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

    private async Task<Outcome> ProcessBatchAsync()
    {
        var events = new ConsumedEvent[_batch.Count];
        var ids = new Guid[_batch.Count];
        for (var i = 0; i < _batch.Count; i++)
        {
            try
            {
                events[i] = new ConsumedEvent(Parse(_batch[i], out ids[i]), ContextOf(_batch[i], attempt: 1));
            }
            catch (CloudEventFormatException)
            {
                // Dead-lettered at once, in its place, by the one-by-one path; the messages before it are handled first.
                MessagingLog.BatchHoldsMalformed(_logger, GroupId, _batch.Count, _batch[0].Topic, _batch[0].Partition.Value, _batch[0].Offset.Value);
                return Outcome.FallBack;
            }
        }

        var activities = new Activity?[_batch.Count];
        for (var i = 0; i < _batch.Count; i++)
        {
            _metrics.Consumed.Add(1, KafkaMessagingMetrics.Tags(_batch[i].Topic, GroupId));
            activities[i] = MessagingTelemetry.StartProcessInBatch(_batch[i], GroupId, _batch.Count);
            activities[i]?.SetTag("kyc.partner_id", events[i].Event.PartnerId);
        }
        var started = Stopwatch.GetTimestamp();
        string? failedStatus = null;
        try
        {
            Exception failure;
            var timedOut = false;
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token))
            {
                attemptCts.CancelAfter(_options.HandlerTimeout);
                try
                {
                    var handled = await RunBatchTransactionAsync(events, ids, attemptCts.Token).ConfigureAwait(false);
                    _metrics.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, KafkaMessagingMetrics.GroupTags(GroupId, "outcome", "committed"));
                    _metrics.BatchSize.Record(_batch.Count, KafkaMessagingMetrics.GroupTags(GroupId));
                    for (var i = 0; i < _batch.Count; i++) CountCommitted(_batch[i], events[i], handled[i], activities[i]);
                    return Outcome.Done;
                }
                catch (Exception) when (_abort.IsCancellationRequested)
                {
                    failedStatus = "aborted by shutdown";
                    return Outcome.Abandoned;
                }
                catch (Exception ex) when (attemptCts.IsCancellationRequested)
                {
                    timedOut = true;
                    failure = new TimeoutException($"the batch did not finish within {_options.HandlerTimeout.TotalSeconds:0.###} s", ex);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            }

            _metrics.BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, KafkaMessagingMetrics.GroupTags(GroupId, "outcome", "failed"));
            if (failure is InboxUnavailableException)
            {
                failedStatus = "paused: the inbox transaction could not be started";
                return Stall(_batch[0], failure, $"the inbox transaction could not be started: {failure.Message}");
            }
            if (!timedOut && DatabaseFailures.IsUnavailable(failure))
            {
                failedStatus = "paused: the database is unavailable";
                return Stall(_batch[0], failure, "the consumer group's database is unavailable");
            }
            failedStatus = "batch failed: processed again one by one";
            MessagingLog.BatchFailed(_logger, failure, GroupId, _batch.Count, _batch[0].Topic, _batch[0].Partition.Value, _batch[0].Offset.Value);
            return Outcome.FallBack;
        }
        finally
        {
            foreach (var activity in activities)
            {
                if (failedStatus is not null) activity?.SetStatus(ActivityStatusCode.Error, failedStatus);
                MessagingTelemetry.StopQuietly(activity);
            }
        }
    }

    private void CountCommitted(ConsumeResult<byte[]?, byte[]?> result, ConsumedEvent consumed, bool handled, Activity? activity)
    {
        var topicTags = KafkaMessagingMetrics.Tags(result.Topic, GroupId);
        if (handled)
        {
            _metrics.Handled.Add(1, topicTags);
            return;
        }
        _metrics.Duplicates.Add(1, topicTags);
        activity?.SetTag("kyc.duplicate", true);
        MessagingLog.Duplicate(_logger, consumed.Event.Id, result.Topic, result.Partition.Value, result.Offset.Value, GroupId);
    }

    /// <summary>
    /// Every id into the inbox with one statement, the new events (the first copy of each id, in the order read) to the
    /// handler, one commit. Returns, per message, whether it was handled (false: a duplicate).
    /// </summary>
    private async Task<bool[]> RunBatchTransactionAsync(ConsumedEvent[] events, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var connection = await InboxStepAsync(
            () => _dataSource.OpenConnectionAsync(cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        await using var transaction = await InboxStepAsync(
            () => connection.BeginTransactionAsync(cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
        var recorded = await InboxStepAsync(
            () => Inbox.RecordNewAsync(connection, transaction, GroupId, ids, cancellationToken), cancellationToken).ConfigureAwait(false);
        var handled = new bool[events.Length];
        var fresh = new List<ConsumedEvent>(recorded.Count);
        for (var i = 0; i < events.Length; i++)
        {
            if (!recorded.Remove(ids[i])) continue;
            handled[i] = true;
            fresh.Add(events[i]);
        }
        if (fresh.Count > 0)
        {
            var scope = _scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var handler = (IIdempotentBatchEventHandler)scope.ServiceProvider.GetRequiredService<THandler>();
                await handler.HandleBatchAsync(fresh, connection, transaction, cancellationToken).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return handled;
    }
}
