using Confluent.Kafka;
using Kyc.Messaging.Native;
using Kyc.Testing;
using Xunit;

namespace Kyc.Smoke.Tests;

public sealed class KafkaSmokeTests
{
    [Fact]
    public async Task Messages_produced_idempotently_are_consumed_in_order_per_key_by_a_consumer_group()
    {
        Librdkafka.Load();
        var topic = UniqueNames.Topic("smoke");
        var producerConfig = new ProducerConfig { BootstrapServers = StackSettings.KafkaBootstrap, EnableIdempotence = true, Acks = Acks.All };
        using (var producer = new ProducerBuilder<string, string>(producerConfig).Build())
        {
            for (var i = 0; i < 20; i++)
            {
                var result = await producer.ProduceAsync(topic, new Message<string, string> { Key = $"case-{i % 3}", Value = $"{i}" });
                Assert.Equal(PersistenceStatus.Persisted, result.Status);
            }
        }

        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = StackSettings.KafkaBootstrap,
            GroupId = UniqueNames.GroupId("smoke"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        var received = new List<(string Key, int Value)>();
        using (var consumer = new ConsumerBuilder<string, string>(consumerConfig).Build())
        {
            consumer.Subscribe(topic);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (received.Count < 20 && DateTime.UtcNow < deadline)
            {
                var record = consumer.Consume(TimeSpan.FromMilliseconds(500));
                if (record is null) continue;
                received.Add((record.Message.Key, int.Parse(record.Message.Value, System.Globalization.CultureInfo.InvariantCulture)));
                consumer.Commit(record);
            }
            consumer.Close();
        }

        Assert.Equal(20, received.Count);
        foreach (var group in received.GroupBy(r => r.Key))
            Assert.Equal(group.Select(r => r.Value).Order(), group.Select(r => r.Value));
    }
}
