using Confluent.Kafka;
using Kyc.Messaging.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kyc.Messaging.Consuming;

/// <summary>
/// Offsets of one consumer group's consume thread: a message's offset is stored only once its effect committed (or
/// it was dead-lettered), and stored offsets are committed every <see cref="KafkaConsumerOptions.CommitInterval"/>, on
/// revocation and on shutdown. Also knows, per partition, the next offset to process (for the lag).
/// </summary>
internal sealed class OffsetCommitter(string groupId, TimeSpan commitInterval, TimeProvider time, ILogger logger)
{
    private readonly Dictionary<TopicPartition, long> _nextToProcess = [];
    private bool _uncommitted;
    private long _lastCommit = time.GetTimestamp();

    public bool TryGetNextToProcess(TopicPartition partition, out long offset) => _nextToProcess.TryGetValue(partition, out offset);

    public void Store(IConsumer<byte[]?, byte[]?> consumer, ConsumeResult<byte[]?, byte[]?> result)
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
            MessagingLog.CommitFailed(logger, groupId, ex.Error.Code, ex.Error.Reason);
        }
    }

    /// <summary>Stores the last offset of each partition of a committed batch.</summary>
    public void StoreLastOfEachPartition(IConsumer<byte[]?, byte[]?> consumer, IEnumerable<ConsumeResult<byte[]?, byte[]?>> batch)
    {
        foreach (var last in batch.GroupBy(r => r.TopicPartition).Select(p => p.Last())) Store(consumer, last);
    }

    public void CommitIfDue(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_uncommitted && time.GetElapsedTime(_lastCommit) >= commitInterval) Commit(consumer);
    }

    public void Commit(IConsumer<byte[]?, byte[]?> consumer)
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
            MessagingLog.CommitFailed(logger, groupId, failed?.Error.Code ?? ex.Error.Code, failed?.Error.Reason ?? ex.Error.Reason);
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset)
        {
            _uncommitted = false;
        }
        catch (KafkaException ex)
        {
            MessagingLog.CommitFailed(logger, groupId, ex.Error.Code, ex.Error.Reason);
        }
        _lastCommit = time.GetTimestamp();
    }

    /// <summary>Partitions taken away (revoked after a commit, or lost without one): their positions are no longer ours.</summary>
    public void Forget(IEnumerable<TopicPartition> partitions, bool lost)
    {
        if (lost) _uncommitted = false;
        foreach (var partition in partitions) _nextToProcess.Remove(partition);
    }
}
