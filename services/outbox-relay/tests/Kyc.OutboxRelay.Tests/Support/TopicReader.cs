using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.Testing;

namespace Kyc.OutboxRelay.Tests.Support;

/// <summary>What a consumer sees: a fresh consumer group reading a topic from the earliest offset.</summary>
public static class TopicReader
{
    /// <summary>Reads until <paramref name="distinctIds"/> different event ids were seen (duplicates are kept in the result).</summary>
    public static Task<List<ConsumeResult<string, byte[]>>> ReadAsync(string bootstrap, string topic, int distinctIds, TimeSpan? timeout = null) =>
        Task.Run(() =>
        {
            var config = new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = UniqueNames.GroupId("relay-reader"),
                AutoOffsetReset = AutoOffsetReset.Earliest,
                EnableAutoCommit = false,
                SessionTimeoutMs = 6000,
                MaxPollIntervalMs = 10_000,
                TopicMetadataRefreshIntervalMs = 1000,
            };
            var records = new List<ConsumeResult<string, byte[]>>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            using var consumer = new ConsumerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
            consumer.Subscribe(topic);
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
            try
            {
                while (ids.Count < distinctIds && DateTime.UtcNow < deadline)
                {
                    var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
                    if (record is null || record.IsPartitionEOF) continue;
                    records.Add(record);
                    ids.Add(IdOf(record));
                }
            }
            finally
            {
                consumer.Close();
            }
            if (ids.Count < distinctIds)
                throw new TimeoutException($"Saw {ids.Count} of {distinctIds} event ids on {topic} ({records.Count} messages).");
            return records;
        });

    public static string IdOf(ConsumeResult<string, byte[]> record) => KafkaCloudEventBinding.FromMessage(record.Message).Id;
}
