using System.Text.RegularExpressions;
using Confluent.Kafka;
using Kyc.Messaging.DeadLetters;

namespace Kyc.Messaging.Consuming;

/// <summary>One consumer group: what it subscribes to, its retry budget and dead-letter topic, and its Kafka settings.</summary>
public sealed class KafkaConsumerOptions
{
    /// <summary>The consumer group id, also the inbox's <c>consumer_group</c>. Keep it stable: a new id re-reads the topics.</summary>
    public string GroupId { get; set; } = "";

    /// <summary>Topic names, or regular expressions starting with <c>^</c> (e.g. <c>^kyc\..*\.events$</c>) matched against every topic.</summary>
    public IList<string> Topics { get; } = [];

    /// <summary>Attempts per message (the first one included) before it is dead-lettered. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Backoff before the second attempt; doubled per attempt, with jitter, up to <see cref="RetryMaxDelay"/>. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest backoff between two attempts at one message. Default 5 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest pause while the group's database (or the dead-letter topic) is unreachable. Such failures are not the
    /// message's fault: they never use up its attempts, the consumer keeps retrying the same message. Default 30 s.
    /// </summary>
    public TimeSpan UnavailableMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one handler attempt (its whole transaction, also a batch's) may take before it is cancelled and counted as
    /// failed. Default 30 s.
    /// </summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For an <see cref="IIdempotentBatchEventHandler"/>: the most messages handled in one transaction. 1 turns batching off;
    /// other handlers always get one message per transaction. Default 500.
    /// </summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>
    /// For an <see cref="IIdempotentBatchEventHandler"/>: how long to wait for more messages once the first of a batch has
    /// arrived. A backlog fills batches at once; a trickle waits at most this long per message. Default 10 ms.
    /// </summary>
    public TimeSpan BatchLinger { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The dead-letter topic; default <see cref="DeadLetterTopics.For"/> of the group id (<c>kyc.dlq.&lt;group&gt;</c>).</summary>
    public string? DeadLetterTopic { get; set; }

    /// <summary>
    /// How often processed offsets are committed to Kafka (they are also committed when partitions are revoked and on
    /// shutdown). Zero commits after every message. A crash redelivers at most this much, which the inbox absorbs. Default 1 s.
    /// </summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Where a group without committed offsets starts. Default <see cref="AutoOffsetReset.Earliest"/>: a new group reads everything retained.</summary>
    public AutoOffsetReset AutoOffsetReset { get; set; } = AutoOffsetReset.Earliest;

    /// <summary>
    /// The group protocol (<c>group.protocol</c>). Default <see cref="GroupProtocol.Consumer"/> (KIP-848: the broker assigns
    /// partitions incrementally, a joining member consumes within seconds; needs Kafka 4.0 or newer). With
    /// <see cref="GroupProtocol.Classic"/> set <c>session.timeout.ms</c> through <see cref="Properties"/> if 45 s does not suit.
    /// </summary>
    public GroupProtocol GroupProtocol { get; set; } = GroupProtocol.Consumer;

    /// <summary>
    /// A group without progress (no message or batch committed, and not caught up on its partitions) for this long counts
    /// as stalled: readiness turns red and <c>kyc.messaging.consumer.stalled</c> is 1, so an orchestrator replaces the
    /// instance. Must exceed <see cref="LagRefreshInterval"/> and the longest pause on an unreachable database you accept. Default 2 min.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Kafka <c>max.poll.interval.ms</c>: must exceed the longest time one message can take with all its retries. Default 5 min.</summary>
    public int MaxPollIntervalMs { get; set; } = 300_000;

    /// <summary>How often the consumer lag gauge (and whether the group is caught up) is refreshed from the client's cached watermarks. Default 10 s.</summary>
    public TimeSpan LagRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Further librdkafka consumer properties, applied last (after <see cref="KafkaOptions.Properties"/>).</summary>
    public IDictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The dead-letter topic in effect.</summary>
    public string EffectiveDeadLetterTopic => DeadLetterTopic is { Length: > 0 } topic ? topic : DeadLetterTopics.For(GroupId);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(GroupId)) throw new InvalidOperationException("A Kafka consumer needs a GroupId.");
        if (Topics.Count == 0 || Topics.Any(string.IsNullOrWhiteSpace)) throw new InvalidOperationException($"Consumer group {GroupId} needs at least one topic, none empty.");
        if (MaxAttempts < 1) throw new InvalidOperationException($"Consumer group {GroupId}: MaxAttempts must be at least 1.");
        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay) throw new InvalidOperationException($"Consumer group {GroupId}: need 0 <= RetryBaseDelay <= RetryMaxDelay.");
        if (UnavailableMaxDelay <= TimeSpan.Zero) throw new InvalidOperationException($"Consumer group {GroupId}: UnavailableMaxDelay must be positive.");
        if (HandlerTimeout <= TimeSpan.Zero) throw new InvalidOperationException($"Consumer group {GroupId}: HandlerTimeout must be positive.");
        if (MaxBatchSize < 1) throw new InvalidOperationException($"Consumer group {GroupId}: MaxBatchSize must be at least 1.");
        if (BatchLinger < TimeSpan.Zero || BatchLinger > TimeSpan.FromSeconds(1))
            throw new InvalidOperationException($"Consumer group {GroupId}: BatchLinger must be between 0 and 1 s.");
        if (CommitInterval < TimeSpan.Zero) throw new InvalidOperationException($"Consumer group {GroupId}: CommitInterval must not be negative.");
        if (StallTimeout <= LagRefreshInterval) throw new InvalidOperationException($"Consumer group {GroupId}: StallTimeout must exceed LagRefreshInterval.");
        if (UnavailableMaxDelay.TotalMilliseconds >= MaxPollIntervalMs)
            throw new InvalidOperationException($"Consumer group {GroupId}: UnavailableMaxDelay must be shorter than MaxPollIntervalMs.");
        if (Topics.Any(t => t == EffectiveDeadLetterTopic || (t.StartsWith('^') && Regex.IsMatch(EffectiveDeadLetterTopic, t))))
            throw new InvalidOperationException($"Consumer group {GroupId} must not consume its own dead-letter topic {EffectiveDeadLetterTopic}.");
    }

    internal ConsumerConfig ToConsumerConfig(KafkaOptions kafka)
    {
        var config = kafka.ToConsumerConfig(GroupId);
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        config.AutoOffsetReset = AutoOffsetReset;
        config.GroupProtocol = GroupProtocol;
        config.StatisticsIntervalMs = KafkaOptions.Milliseconds(LagRefreshInterval); // feeds ConsumerProgress
        config.MaxPollIntervalMs = MaxPollIntervalMs;
        config.IsolationLevel = IsolationLevel.ReadCommitted;
        config.EnablePartitionEof = false;
        foreach (var (key, value) in Properties) config.Set(key, value);
        return config;
    }
}
