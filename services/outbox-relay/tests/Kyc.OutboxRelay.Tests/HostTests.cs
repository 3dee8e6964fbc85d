using System.Net;
using System.Text.Json;
using Kyc.OutboxRelay.Tests.Support;
using Kyc.Persistence.Roles;
using Kyc.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.OutboxRelay.Tests;

/// <summary>The relay's real host (Program.cs) on the test server: the worker, readiness and metrics.</summary>
public sealed class HostTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Main = "source=\"main\"";

    private readonly OutboxDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task The_host_publishes_is_ready_when_database_and_broker_answer_and_exposes_the_relay_and_request_metrics()
    {
        var topic = UniqueNames.Topic("relay-host");
        await using var host = new RelayHost(_db.RelayConnectionString, StackSettings.KafkaBootstrap);
        using var client = host.CreateClient();

        await _db.InsertAsync(Events.For(topic, "case-1", 0), Events.For(topic, "case-1", 1), Events.For(topic, "case-2", 0));
        await _db.AllPublishedAsync(3);

        using (var live = await client.GetAsync("/health/live")) Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var ready = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("healthy", ready.Checks["postgres-main"]);
        Assert.Equal("healthy", ready.Checks["kafka"]);
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(client)).Status); // the checks' clients outlive one probe

        // The relay counts a batch just after marking it, and refreshes the backlog gauge on its own timer.
        string metrics = "";
        var topicLabel = $"topic=\"{topic}\"";
        await Eventually.TrueAsync(async () =>
        {
            metrics = await client.GetStringAsync("/metrics");
            return PrometheusSamples.Value(metrics, "kyc_outbox_backlog", Main) == 0 &&
                PrometheusSamples.Value(metrics, "kyc_outbox_relay_published_total", Main, topicLabel) == 3;
        }, TimeSpan.FromSeconds(20), "the backlog gauge shows the empty outbox and the counter the published events");
        output.WriteLine(string.Join('\n', metrics.Split('\n').Where(l => l.Contains("kyc_outbox", StringComparison.Ordinal))));
        Assert.Equal(1, PrometheusSamples.Value(metrics, "kyc_outbox_relay_leader", Main));
        Assert.Equal(3, PrometheusSamples.Value(metrics, "kyc_outbox_relay_published_total", Main, topicLabel));
        Assert.Equal(3, PrometheusSamples.Value(metrics, "kyc_outbox_relay_lag_seconds_count", Main, topicLabel));
        Assert.Equal(0, PrometheusSamples.Value(metrics, "kyc_outbox_oldest_unpublished_age_seconds", Main));
        Assert.Contains("# TYPE kyc_outbox_relay_lag_seconds histogram", metrics, StringComparison.Ordinal);
        Assert.NotEmpty(PrometheusSamples.Find(metrics, "http_server_request_duration_seconds_count", "http_route=\"/health/ready\"", "http_response_status_code=\"200\""));
    }

    [Fact]
    public async Task The_host_is_not_ready_while_the_broker_is_unreachable()
    {
        await using var host = new RelayHost(_db.RelayConnectionString, "127.0.0.1:1");
        using var client = host.CreateClient();

        var ready = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("unhealthy", ready.Checks["kafka"]);
        Assert.Equal("healthy", ready.Checks["postgres-main"]);
    }

    [Fact]
    public async Task The_host_is_not_ready_while_a_source_database_is_unreachable()
    {
        var missing = new NpgsqlConnectionStringBuilder(_db.RelayConnectionString) { Database = UniqueNames.Database("missing") }.ConnectionString;
        await using var host = new RelayHost(missing, StackSettings.KafkaBootstrap);
        using var client = host.CreateClient();

        var ready = await ReadyAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("unhealthy", ready.Checks["postgres-main"]);
        Assert.Equal("healthy", ready.Checks["kafka"]);
    }

    [Fact]
    public void Outside_Development_the_host_refuses_to_start_with_a_role_that_owns_the_outbox()
    {
        using var host = new RelayHost(_db.ConnectionString, StackSettings.KafkaBootstrap);

        var refused = Assert.Throws<OwnerRightsAtRuntimeException>(() => host.CreateClient());

        Assert.Contains("Relay:Sources:main:ConnectionString", refused.Message, StringComparison.Ordinal);
        Assert.Contains("owns", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, Dictionary<string, string> Checks)> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);
        return (response.StatusCode, checks);
    }

    private sealed class RelayHost(string connectionString, string bootstrap) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // UseSetting: Program reads the Relay section while registering services, before Build().
            builder.UseEnvironment("Production");
            builder.UseSetting("Relay:Sources:main:ConnectionString", connectionString);
            builder.UseSetting("Kafka:BootstrapServers", bootstrap);
            builder.UseSetting("Relay:BacklogInterval", "00:00:00.200");
            builder.UseSetting("Relay:HealthTimeout", "00:00:01");
            builder.UseSetting("Serilog:WriteTo:Console:Args:restrictedToMinimumLevel", "Warning");
        }
    }
}
