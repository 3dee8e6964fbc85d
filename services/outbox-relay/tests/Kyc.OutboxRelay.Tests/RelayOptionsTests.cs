using Kyc.OutboxRelay.Configuration;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Kyc.OutboxRelay.Tests;

public sealed class RelayOptionsTests
{
    [Fact]
    public void Sources_and_settings_are_read_from_the_Relay_section_with_defaults()
    {
        var options = RelayOptions.Read(Config(new()
        {
            ["Relay:Sources:onboarding_eu:ConnectionString"] = "Host=db;Database=kyc_onboarding_eu",
            ["Relay:Sources:onboarding_us:ConnectionString"] = "Host=db;Database=kyc_onboarding_us",
            ["Relay:Sources:onboarding_us:Table"] = "onboarding.outbox",
            ["Relay:Kafka:BootstrapServers"] = "kafka:9092",
            ["Relay:Kafka:Settings:compression.type"] = "zstd",
            ["Relay:SweepInterval"] = "00:00:02",
            ["Relay:Retention"] = "3.00:00:00",
        }));

        Assert.Equal(["onboarding_eu", "onboarding_us"], options.Sources.Select(s => s.Name));
        Assert.Equal("outbox", options.Sources[0].Table);
        Assert.Equal("onboarding.outbox", options.Sources[1].Table);
        Assert.Equal("zstd", options.Kafka.Settings["compression.type"]);
        Assert.Equal(TimeSpan.FromSeconds(2), options.SweepInterval);
        Assert.Equal(TimeSpan.FromDays(3), options.Retention);
        Assert.Equal(2000, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(10), options.PublishTimeout);
    }

    [Theory]
    [InlineData("Relay:Kafka:BootstrapServers", null, "No outbox source")]
    [InlineData("Relay:Sources:a:Table", "outbox; DROP TABLE x", "not a table name")]
    [InlineData("Relay:Kafka:Settings:enable.idempotence", "false", "cannot be set")]
    [InlineData("Relay:Kafka:Settings:message.timeout.ms", "10000", "cannot be set")]
    [InlineData("Relay:SweepInterval", "soon", "not a time span")]
    [InlineData("Relay:BatchSize", "0", "must be positive")]
    public void Wrong_settings_stop_the_relay_at_start_with_the_key_named(string key, string? value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Relay:Sources:a:ConnectionString"] = "Host=db;Database=a",
            ["Relay:Kafka:BootstrapServers"] = "kafka:9092",
        };
        if (message == "No outbox source") settings.Remove("Relay:Sources:a:ConnectionString");
        else settings[key] = value;

        var error = Assert.Throws<InvalidOperationException>(() => RelayOptions.Read(Config(settings)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
