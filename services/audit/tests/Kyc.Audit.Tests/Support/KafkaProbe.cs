using System.Text;
using Confluent.Kafka;
using Kyc.Messaging;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Producing;
using Kyc.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kyc.Audit.Tests.Support;

/// <summary>Direct access to the test stack's Kafka: a producer, and reading a topic from its start.</summary>
public static class KafkaProbe
{
    private static readonly Lazy<KafkaProducer> SharedProducer = new(() =>
        new KafkaProducer(new KafkaOptions { BootstrapServers = StackSettings.KafkaBootstrap, ClientId = "kyc-audit-tests" },
            new KafkaMessagingMetrics(), NullLogger<KafkaProducer>.Instance));

    public static KafkaProducer Producer => SharedProducer.Value;

    /// <summary>Publishes events with the CloudEvents binding and waits for the acknowledgements.</summary>
    public static async Task PublishAsync(string topic, params CloudEvent[] events)
    {
        foreach (var e in events) await Producer.ProduceAsync(topic, e);
    }

    /// <summary>Reads <paramref name="topic"/> from the beginning (a fresh group) until <paramref name="done"/> holds.</summary>
    public static Task<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> ReadAsync(
        string topic, Func<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>, bool> done, TimeSpan? deadline = null) =>
        Task.Run<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>>(() =>
        {
            var config = new ConsumerConfig
            {
                BootstrapServers = StackSettings.KafkaBootstrap,
                GroupId = UniqueNames.GroupId("audit-probe"),
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
                SessionTimeoutMs = 6_000,
                MaxPollIntervalMs = 10_000,
                TopicMetadataRefreshIntervalMs = 500,
            };
            var read = new List<ConsumeResult<byte[]?, byte[]?>>();
            using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
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

    public static string? Text(this Headers headers, string name) =>
        headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
