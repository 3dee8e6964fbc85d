using Kyc.Messaging.Consuming;
using Kyc.Messaging.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace Kyc.Messaging.Tests.Consuming;

public sealed class RegistrationTests
{
    [Fact]
    public void Each_consumer_group_is_its_own_hosted_service_even_with_the_same_handler_type()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKafkaMessaging(kafka => kafka.BootstrapServers = "127.0.0.1:1");
        services.AddSingleton(new HandlerScript("unused"));
        services.AddSingleton(NpgsqlDataSource.Create("Host=127.0.0.1;Username=x"));
        services.AddIdempotentConsumer<ScriptedHandler>(o => { o.GroupId = "audit"; o.Topics.Add("^kyc\\..*\\.events$"); });
        services.AddIdempotentConsumer<ScriptedHandler>(o => { o.GroupId = "projections"; o.Topics.Add("kyc.onboarding.events"); });
        using var provider = services.BuildServiceProvider();

        var hosts = provider.GetServices<IHostedService>().OfType<KafkaConsumerHost<ScriptedHandler>>().ToArray();

        Assert.Equal(new[] { "audit", "projections" }, hosts.Select(h => h.GroupId));
        Assert.Equal(new[] { "kyc.dlq.audit", "kyc.dlq.projections" }, hosts.Select(h => h.DeadLetterTopic));
    }

    [Theory]
    [InlineData("", "topic")]
    [InlineData("group", null)]
    [InlineData("group", "kyc.dlq.group")]
    [InlineData("group", "^kyc\\..*")]
    public void A_consumer_without_a_group_or_topics_or_reading_its_own_dead_letters_is_refused(string group, string? topic)
    {
        var services = new ServiceCollection();
        Assert.Throws<InvalidOperationException>(() => services.AddIdempotentConsumer<ScriptedHandler>(o =>
        {
            o.GroupId = group;
            if (topic is not null) o.Topics.Add(topic);
        }));
    }

    [Fact]
    public void Kafka_settings_need_the_bootstrap_servers()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKafkaMessaging(_ => { });
        using var provider = services.BuildServiceProvider();

        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<Kyc.Messaging.Producing.KafkaProducer>());
        Assert.Contains("BootstrapServers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kafka_settings_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "broker-1:9092,broker-2:9092",
            ["Kafka:ClientId"] = "audit",
            ["Kafka:Timeout"] = "00:00:10",
            ["Kafka:Properties:security.protocol"] = "SASL_SSL",
        }).Build();
        var services = new ServiceCollection();
        services.AddKafkaMessaging(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<KafkaOptions>>().Value;
        var config = options.ToProducerConfig(strictOrdering: false);

        Assert.Equal("broker-1:9092,broker-2:9092", config.BootstrapServers);
        Assert.Equal("audit", config.ClientId);
        Assert.Equal(10_000, config.MessageTimeoutMs);
        Assert.Equal("SASL_SSL", config.Get("security.protocol"));
        Assert.True(config.EnableIdempotence);
        Assert.Equal(Confluent.Kafka.Acks.All, config.Acks);
    }
}
