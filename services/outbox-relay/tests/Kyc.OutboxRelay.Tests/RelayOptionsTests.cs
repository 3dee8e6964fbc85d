using Kyc.Messaging;
using Kyc.OutboxRelay.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace Kyc.OutboxRelay.Tests;

public sealed class RelayOptionsTests
{
    [Fact]
    public void Sources_and_settings_are_read_from_the_Relay_and_Kafka_sections_with_defaults()
    {
        using var host = Build(new()
        {
            ["Relay:Sources:onboarding_eu:ConnectionString"] = "Host=db;Database=kyc_onboarding_eu",
            ["Relay:Sources:onboarding_us:ConnectionString"] = "Host=db;Database=kyc_onboarding_us",
            ["Relay:Sources:onboarding_us:Table"] = "onboarding.outbox",
            ["Kafka:BootstrapServers"] = "kafka:9092",
            ["Kafka:Properties:compression.type"] = "zstd",
            ["Relay:SweepInterval"] = "00:00:02",
            ["Relay:Retention"] = "3.00:00:00",
        });

        var options = host.Services.GetRequiredService<IOptions<RelayOptions>>().Value;
        Assert.Equal(["onboarding_eu", "onboarding_us"], options.Sources.Values.Select(s => s.Name).Order());
        Assert.Equal("outbox", options.Sources["onboarding_eu"].Table);
        Assert.Equal("onboarding.outbox", options.Sources["onboarding_us"].Table);
        Assert.Equal("zstd", host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value.Properties["compression.type"]);
        Assert.Equal(TimeSpan.FromSeconds(2), options.SweepInterval);
        Assert.Equal(TimeSpan.FromDays(3), options.Retention);
        Assert.Equal(2000, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(10), options.PublishTimeout);
    }

    [Theory]
    [InlineData("Relay:Sources:a:ConnectionString", null, "No outbox source")]
    [InlineData("Relay:Sources:a:Table", "outbox; DROP TABLE x", "not a table name")]
    [InlineData("Kafka:Properties:enable.idempotence", "false", "Kafka:Properties:enable.idempotence cannot be set")]
    [InlineData("Kafka:Properties:message.timeout.ms", "10000", "Kafka:Properties:message.timeout.ms cannot be set")]
    [InlineData("Kafka:BootstrapServers", null, "Kafka:BootstrapServers is not set")]
    [InlineData("Relay:SweepInterval", "soon", "'Relay:SweepInterval'")]
    [InlineData("Relay:BatchSize", "0", "Relay:BatchSize must be positive")]
    public async Task Wrong_settings_stop_the_relay_at_start_with_the_key_named(string key, string? value, string message)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Relay:Sources:a:ConnectionString"] = "Host=db;Database=a",
            ["Kafka:BootstrapServers"] = "kafka:9092",
        };
        if (value is null) settings.Remove(key);
        else settings[key] = value;
        using var host = Build(settings);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.True(error is OptionsValidationException or InvalidOperationException, error.GetType().Name);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> values)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddOutboxRelay(builder.Configuration);
        return builder.Build();
    }
}
