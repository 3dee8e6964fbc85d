using Confluent.Kafka;
using Kyc.Messaging;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Native;
using Kyc.Messaging.Producing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kyc.Testing;

/// <summary>
/// Direct access to the test stack's Kafka: producing, reading a topic from its start with a fresh group, and the offsets
/// a group has committed.
/// </summary>
public static class KafkaProbe
{
    private static readonly Lazy<KafkaProducer> SharedProducer = new(() => CreateProducer());

    /// <summary>A producer of its own (dispose it), for a test that looks at the producer or at its metrics.</summary>
    public static KafkaProducer CreateProducer(KafkaMessagingMetrics? metrics = null) =>
        new(new KafkaOptions { BootstrapServers = StackSettings.KafkaBootstrap, ClientId = "kyc-test-probe" },
            metrics ?? new KafkaMessagingMetrics(), NullLogger<KafkaProducer>.Instance);

    /// <summary>Publishes events with the CloudEvents binding, one after the other, waiting for each acknowledgement.</summary>
    public static async Task PublishAsync(string topic, params CloudEvent[] events)
    {
        foreach (var e in events) await SharedProducer.Value.ProduceAsync(topic, e);
    }

    /// <summary>Reads <paramref name="topic"/> from the beginning (a fresh group) until <paramref name="done"/> holds.</summary>
    public static Task<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> ReadAsync(
        string topic, Func<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>, bool> done, TimeSpan? deadline = null) =>
        ReadAsync<byte[]?, byte[]?>(topic, done, deadline);

    /// <summary>
    /// Reads <paramref name="topic"/> from the beginning (a fresh group) until <paramref name="done"/> holds, with keys and
    /// values as <typeparamref name="TKey"/> and <typeparamref name="TValue"/> (Confluent.Kafka's default deserializers),
    /// from the stack's Kafka or from <paramref name="bootstrap"/>. A topic that does not exist yet is waited for.
    /// </summary>
    public static Task<IReadOnlyList<ConsumeResult<TKey, TValue>>> ReadAsync<TKey, TValue>(
        string topic, Func<IReadOnlyList<ConsumeResult<TKey, TValue>>, bool> done, TimeSpan? deadline = null, string? bootstrap = null) =>
        Task.Run<IReadOnlyList<ConsumeResult<TKey, TValue>>>(() =>
        {
            var config = new ConsumerConfig
            {
                BootstrapServers = bootstrap ?? StackSettings.KafkaBootstrap,
                GroupId = UniqueNames.GroupId("probe"),
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
                // Classic protocol: the probe often subscribes before its topic exists (a dead-letter topic, say), and the
                // mock's KIP-848 coordinator never assigns a topic name that appears after the subscription.
                GroupProtocol = GroupProtocol.Classic,
                SessionTimeoutMs = 6_000,
                MaxPollIntervalMs = 10_000,
                TopicMetadataRefreshIntervalMs = 500,
            };
            var read = new List<ConsumeResult<TKey, TValue>>();
            Librdkafka.Load();
            using var consumer = new ConsumerBuilder<TKey, TValue>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
            consumer.Subscribe(topic);
            var until = DateTime.UtcNow + (deadline ?? Eventually.DefaultDeadline);
            try
            {
                while (!done(read))
                {
                    if (DateTime.UtcNow > until) throw new TimeoutException($"gave up reading {topic}: {read.Count} message(s) read");
                    try
                    {
                        if (consumer.Consume(TimeSpan.FromMilliseconds(250)) is { Message: not null } result) read.Add(result);
                    }
                    catch (ConsumeException ex) when (!ex.Error.IsFatal)
                    {
                        Thread.Sleep(250); // the topic may not exist yet
                    }
                }
                return read;
            }
            finally
            {
                consumer.Close();
            }
        });

    /// <summary>
    /// Reads until <paramref name="expected"/> messages arrived, then <paramref name="settle"/> longer (default 2 s) to
    /// catch any that should not be there; returns everything read.
    /// </summary>
    public static Task<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> ReadExpectingAsync(string topic, long expected, TimeSpan? settle = null)
    {
        DateTime? reached = null;
        return ReadAsync(topic, read =>
        {
            if (read.Count < expected) return false;
            reached ??= DateTime.UtcNow;
            return DateTime.UtcNow - reached >= (settle ?? TimeSpan.FromSeconds(2));
        });
    }

    /// <summary>The offset <paramref name="group"/> has committed for a partition (null when none).</summary>
    public static Task<long?> CommittedAsync(string group, string topic, int partition) => Task.Run(() =>
    {
        var config = new ConsumerConfig { BootstrapServers = StackSettings.KafkaBootstrap, GroupId = group, EnableAutoCommit = false };
        Librdkafka.Load();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        var committed = consumer.Committed([new TopicPartition(topic, partition)], TimeSpan.FromSeconds(10)).Single();
        return committed.Offset.IsSpecial ? (long?)null : committed.Offset.Value;
    });

    /// <summary>Waits until <paramref name="group"/> has committed at least <paramref name="offset"/> on a partition.</summary>
    public static Task<long?> CommittedAtLeastAsync(string group, string topic, int partition, long offset) =>
        Eventually.GetAsync(() => CommittedAsync(group, topic, partition), c => c >= offset, $"{group} to commit {topic}/{partition}@{offset}");
}
