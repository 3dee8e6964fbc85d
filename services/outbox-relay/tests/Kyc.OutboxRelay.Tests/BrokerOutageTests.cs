using Kyc.LocalKafka;
using Kyc.Messaging;
using Kyc.Messaging.Health;
using Kyc.OutboxRelay.Tests.Support;
using Kyc.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.OutboxRelay.Tests;

/// <summary>A broker of its own (a separate mock cluster, as the local stack hosts one) that the test takes down and brings back.</summary>
public sealed class BrokerOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly OutboxDatabase _db = new();
    private readonly LocalKafkaCluster _kafka = LocalKafkaCluster.Start(0);

    public Task InitializeAsync() => _db.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _kafka.DisposeAsync();
    }

    [Fact]
    public async Task While_the_broker_is_down_rows_wait_with_their_failed_attempts_and_are_published_in_order_when_it_is_back()
    {
        var topic = UniqueNames.Topic("relay-outage");
        var subjects = Enumerable.Range(0, 5).Select(i => $"case-{i}-{Guid.NewGuid():N}").ToArray();
        var written = subjects.ToDictionary(s => s, _ => new List<string>());
        async Task WriteRoundAsync(int position)
        {
            var messages = subjects.Select(s => Events.For(topic, s, position)).ToArray();
            await _db.InsertAsync(messages);
            foreach (var m in messages) written[m.Subject].Add(m.Id.ToString());
        }

        using var kafkaHealth = new KafkaBrokerHealthCheck(new KafkaOptions { BootstrapServers = _kafka.Bootstrap }, TimeSpan.FromSeconds(2),
            NullLogger<KafkaBrokerHealthCheck>.Instance);
        await using var relay = RelayRunner.Start(_db, _kafka.Bootstrap, output, o =>
        {
            o.PublishTimeout = TimeSpan.FromSeconds(2);
            o.MaxBackoff = TimeSpan.FromMilliseconds(500);
        });

        await WriteRoundAsync(0);
        await _db.AllPublishedAsync(5);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(kafkaHealth)).Status);

        _kafka.SetDown();
        for (var position = 1; position <= 4; position++) await WriteRoundAsync(position);

        // Down: nothing more is published; the rows stay, each failed attempt counted with its error.
        await Eventually.TrueAsync(async () => await _db.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE attempts >= 2") == 20,
            TimeSpan.FromSeconds(60), "every waiting row has failed attempts");
        Assert.Equal(5L, await _db.PublishedCountAsync());
        Assert.Equal(20L, await _db.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE published_at IS NULL AND last_error LIKE 'Timeout:%'"));
        var down = await CheckAsync(kafkaHealth);
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        output.WriteLine($"health while down: {down.Description}");

        _kafka.SetUp();
        await _db.AllPublishedAsync(25, TimeSpan.FromSeconds(60));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(kafkaHealth)).Status);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE last_error IS NOT NULL"));

        var records = await TopicReader.ReadAsync(_kafka.Bootstrap, topic, 25);
        foreach (var (subject, ids) in written)
            Assert.Equal(ids, records.Where(r => r.Message.Key == subject).Select(TopicReader.IdOf).Distinct());
        output.WriteLine($"{records.Count} messages for 25 events");
    }

    private static Task<HealthCheckResult> CheckAsync(KafkaBrokerHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("kafka", check, HealthStatus.Unhealthy, null),
        });
}
