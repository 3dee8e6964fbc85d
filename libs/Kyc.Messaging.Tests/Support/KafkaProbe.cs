using Confluent.Kafka;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Producing;
using Kyc.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kyc.Messaging.Tests.Support;

/// <summary>Direct access to the test stack's Kafka: a producer, reading a topic from the start, a group's committed offsets.</summary>
public static class KafkaProbe
{
    public static KafkaProducer CreateProducer(KafkaMessagingMetrics? metrics = null) =>
        new(new KafkaOptions { BootstrapServers = StackSettings.KafkaBootstrap, ClientId = "kyc-messaging-tests" },
            metrics ?? new KafkaMessagingMetrics(), NullLogger<KafkaProducer>.Instance);

    /// <summary>Reads <paramref name="topic"/> from the beginning (fresh group) until <paramref name="done"/> holds.</summary>
    public static Task<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> ReadAsync(
        string topic, Func<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>, bool> done, TimeSpan? deadline = null) =>
        Task.Run<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>>(() =>
        {
            var config = new ConsumerConfig
            {
                BootstrapServers = StackSettings.KafkaBootstrap,
                GroupId = UniqueNames.GroupId("probe"),
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
                SessionTimeoutMs = 6_000,
                MaxPollIntervalMs = 10_000,
            };
            var read = new List<ConsumeResult<byte[]?, byte[]?>>();
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
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

    /// <summary>The offset <paramref name="group"/> has committed for a partition (null when none).</summary>
    public static Task<long?> CommittedAsync(string group, string topic, int partition) => Task.Run(() =>
    {
        var config = new ConsumerConfig { BootstrapServers = StackSettings.KafkaBootstrap, GroupId = group, EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        var committed = consumer.Committed([new TopicPartition(topic, partition)], TimeSpan.FromSeconds(10)).Single();
        return committed.Offset.IsSpecial ? (long?)null : committed.Offset.Value;
    });

    /// <summary>Waits until <paramref name="group"/> has committed at least <paramref name="offset"/> on a partition.</summary>
    public static Task<long?> CommittedAtLeastAsync(string group, string topic, int partition, long offset) =>
        Eventually.GetAsync(() => CommittedAsync(group, topic, partition), c => c >= offset, $"{group} to commit {topic}/{partition}@{offset}");

    public static string Text(this Headers headers, string name) =>
        headers.TryGetLastBytes(name, out var bytes) ? System.Text.Encoding.UTF8.GetString(bytes) : throw new KeyNotFoundException($"header {name} is missing");
}
