using System.Net;
using System.Text.Json;
using Kyc.Audit.Tests.Support;
using Kyc.Testing;
using Xunit;

namespace Kyc.Audit.Tests.Ingestion;

/// <summary>The audit service's readiness includes its consumer group: a group that gets nowhere takes the instance out.</summary>
public sealed class ConsumerReadinessTests(ConsumerReadinessTests.CutOffAuditApiFactory app) : IClassFixture<ConsumerReadinessTests.CutOffAuditApiFactory>
{
    [Fact]
    public async Task Readiness_turns_red_when_the_audit_consumer_makes_no_progress_for_its_stall_timeout()
    {
        using var client = app.ClientWithToken(null);

        var checks = await Eventually.GetAsync(async () =>
        {
            using var response = await client.GetAsync("/health/ready");
            return (response.StatusCode, Body: JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }, r => r.StatusCode == HttpStatusCode.ServiceUnavailable, "readiness red", TimeSpan.FromSeconds(60));

        var consumers = checks.Body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "kafka-consumers");
        Assert.Equal("unhealthy", consumers.GetProperty("status").GetString());
        Assert.Contains(app.ConsumerGroup, consumers.GetProperty("description").GetString(), StringComparison.Ordinal);
        var postgres = checks.Body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "postgres");
        Assert.Equal("healthy", postgres.GetProperty("status").GetString());
    }

    /// <summary>The consumer running, but with no broker to reach, and a 3 s stall timeout.</summary>
    public sealed class CutOffAuditApiFactory : ConsumingAuditApiFactory
    {
        protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
        {
            ["Kafka:BootstrapServers"] = "127.0.0.1:1",
            ["Audit:Consumer:StallTimeout"] = "00:00:03",
            ["Audit:Consumer:LagRefreshInterval"] = "00:00:00.500",
        };
    }
}
