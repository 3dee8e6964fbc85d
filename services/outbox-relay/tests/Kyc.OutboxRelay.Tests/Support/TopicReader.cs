using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.Testing;

namespace Kyc.OutboxRelay.Tests.Support;

/// <summary>What a consumer sees: a fresh consumer group reading a topic from the earliest offset.</summary>
public static class TopicReader
{
    /// <summary>Reads until <paramref name="distinctIds"/> different event ids were seen (duplicates are kept in the result).</summary>
    public static async Task<List<ConsumeResult<string, byte[]>>> ReadAsync(string bootstrap, string topic, int distinctIds, TimeSpan? timeout = null)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var counted = 0;
        var read = await KafkaProbe.ReadAsync<string, byte[]>(topic, records =>
        {
            for (; counted < records.Count; counted++) ids.Add(IdOf(records[counted]));
            return ids.Count >= distinctIds;
        }, timeout, bootstrap);
        return [.. read];
    }

    public static string IdOf(ConsumeResult<string, byte[]> record) => KafkaCloudEventBinding.FromMessage(record.Message).Id;
}
