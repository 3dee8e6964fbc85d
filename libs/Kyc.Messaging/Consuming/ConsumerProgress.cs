using System.Diagnostics.Metrics;
using System.Text.Json;
using Confluent.Kafka;

namespace Kyc.Messaging.Consuming;

/// <summary>
/// Whether one consumer group is getting anywhere. Progress is a committed message or batch, or being assigned
/// partitions with nothing left to read in them while the client's last statistics say it is a steady member of a group
/// with a broker up (cached watermarks alone would call a consumer cut off from every broker caught up). A group without progress for longer than
/// <see cref="KafkaConsumerOptions.StallTimeout"/> (so: with lag it does not work off, or without any partition) is
/// stalled: readiness turns red (<see cref="KafkaConsumersHealthCheck"/>) and <c>kyc.messaging.consumer.stalled</c> is 1,
/// so that an orchestrator replaces the instance. The consume thread writes, health checks and metrics read.
/// </summary>
public sealed class ConsumerProgress
{
    private readonly TimeSpan _stallTimeout;
    private readonly TimeProvider _time;
    private long _lastProgress;
    private volatile int _assigned;
    private volatile Measurement<long>[] _lag = [];
    private volatile string _clientState = "no statistics yet";
    private long _steadyAt = -1;

    internal ConsumerProgress(string groupId, TimeSpan stallTimeout, TimeProvider time)
    {
        GroupId = groupId;
        _stallTimeout = stallTimeout;
        _time = time;
        _lastProgress = time.GetTimestamp();
    }

    public string GroupId { get; }

    /// <summary>Time since the last progress.</summary>
    public TimeSpan SinceProgress => _time.GetElapsedTime(Interlocked.Read(ref _lastProgress));

    /// <summary>Partitions assigned at the last refresh.</summary>
    public int AssignedPartitions => _assigned;

    /// <summary>Null while progressing; otherwise why the group counts as stalled.</summary>
    public string? StallReason
    {
        get
        {
            var since = SinceProgress;
            if (since <= _stallTimeout) return null;
            var what = _assigned == 0 ? "no partition assigned" : $"{_assigned} assigned partition(s) not caught up";
            return $"consumer group {GroupId}: no progress for {since.TotalSeconds:0} s ({what}; {_clientState}; limit {_stallTimeout.TotalSeconds:0} s)";
        }
    }

    internal IEnumerable<Measurement<long>> Lag => _lag;

    internal void Progressed() => Interlocked.Exchange(ref _lastProgress, _time.GetTimestamp());

    /// <summary>
    /// Lag per assigned partition from the client's cached high watermarks (no broker round trip); being caught up on
    /// every assigned partition counts as progress.
    /// </summary>
    internal void Refresh(IConsumer<byte[]?, byte[]?> consumer, OffsetCommitter offsets, TimeSpan statisticsInterval)
    {
        var measurements = new List<Measurement<long>>();
        var assignment = consumer.Assignment;
        var steadyAt = Interlocked.Read(ref _steadyAt);
        var caughtUp = assignment.Count > 0 && steadyAt >= 0 && _time.GetElapsedTime(steadyAt) <= statisticsInterval * 3;
        foreach (var partition in assignment)
        {
            var lag = LagOf(consumer, offsets, partition);
            if (lag is not { } known)
            {
                caughtUp = false;
                continue;
            }
            if (known > 0) caughtUp = false;
            measurements.Add(new Measurement<long>(known,
                new KeyValuePair<string, object?>("topic", partition.Topic),
                new KeyValuePair<string, object?>("partition", KafkaOptions.Invariant(partition.Partition.Value)),
                new KeyValuePair<string, object?>("consumer_group", GroupId)));
        }
        _lag = [.. measurements];
        _assigned = assignment.Count;
        if (caughtUp) Progressed();
    }

    /// <summary>
    /// librdkafka's statistics (every <c>statistics.interval.ms</c>): the group handler's state and join state, and whether
    /// any broker connection is up.
    /// </summary>
    internal void OnStatistics(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        string? state = null, joinState = null;
        if (root.TryGetProperty("cgrp", out var group))
        {
            state = group.TryGetProperty("state", out var s) ? s.GetString() : null;
            joinState = group.TryGetProperty("join_state", out var j) ? j.GetString() : null;
        }
        var brokerUp = root.TryGetProperty("brokers", out var brokers) && brokers.EnumerateObject().Any(b =>
            b.Value.TryGetProperty("nodeid", out var id) && id.GetInt32() >= 0 &&
            b.Value.TryGetProperty("state", out var bs) && bs.GetString() == "UP");
        _clientState = $"group {state ?? "?"}/{joinState ?? "?"}, {(brokerUp ? "a broker up" : "no broker up")}";
        var steady = state == "up" && joinState == "steady" && brokerUp;
        Interlocked.Exchange(ref _steadyAt, steady ? _time.GetTimestamp() : -1);
    }

    internal void Stopped()
    {
        _lag = [];
        _assigned = 0;
    }

    private static long? LagOf(IConsumer<byte[]?, byte[]?> consumer, OffsetCommitter offsets, TopicPartition partition)
    {
        var high = consumer.GetWatermarkOffsets(partition).High;
        if (high.IsSpecial) return null;
        if (offsets.TryGetNextToProcess(partition, out var next)) return Math.Max(0, high.Value - next);
        if (consumer.Position(partition) is { IsSpecial: false } position) return Math.Max(0, high.Value - position.Value);
        return high.Value == 0 ? 0 : null; // an empty partition needs no position to be caught up
    }
}
