using Kyc.Messaging;
using Kyc.Messaging.Health;
using Kyc.OutboxRelay.Configuration;
using Kyc.OutboxRelay.Relay;
using Kyc.OutboxRelay.Telemetry;
using Kyc.Persistence.Roles;
using Kyc.Web.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kyc.OutboxRelay;

public static class OutboxRelayServiceCollectionExtensions
{
    /// <summary>
    /// The relay worker for every <c>Relay:Sources</c> entry (options validated when the host starts), its strict-ordering
    /// producers on Kyc.Messaging's <c>Kafka</c> settings, its metrics, and readiness checks: each source database
    /// (<c>postgres-&lt;source&gt;</c>) and the broker (<c>kafka</c>).
    /// </summary>
    public static IServiceCollection AddOutboxRelay(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKafkaMessaging(kafka =>
        {
            kafka.ClientId = "kyc-outbox-relay";
            configuration.GetSection(KafkaOptions.SectionName).Bind(kafka);
        });
        services.AddOptions<RelayOptions>().Bind(configuration.GetSection(RelayOptions.SectionName)).ValidateOnStart();
        services.AddOptions<KafkaOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<RelayOptions>, RelayOptionsValidation>();
        services.AddSingleton<IValidateOptions<KafkaOptions>, RelayOptionsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RelayOptions>>().Value);
        services.AddSingleton(sp => RelaySources.Create(sp.GetRequiredService<RelayOptions>())); // the container disposes the data sources
        services.AddSingleton(sp => new RelayMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        // Before the relay's worker: it refuses a source role with owner rights outside Development (docs/security.md).
        services.AddHostedService(sp => new RuntimeRoleGuard(
            [.. sp.GetRequiredService<RelaySources>().All.Select(s => ($"Relay:Sources:{s.Options.Name}:ConnectionString", s.DataSource))],
            sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<RuntimeRoleGuard>>()));
        services.AddSingleton<OutboxRelayService>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelayService>());

        var health = services.AddHealthChecks();
        // The check names are known before the options are validated; a misconfigured source stops the host at start anyway.
        foreach (var name in configuration.GetSection($"{RelayOptions.SectionName}:Sources").GetChildren().Select(c => c.Key))
        {
            health.Add(new HealthCheckRegistration($"postgres-{name}",
                sp => new NpgsqlHealthCheck(sp.GetRequiredService<RelaySources>()[name].DataSource, sp.GetRequiredService<RelayOptions>().HealthTimeout),
                HealthStatus.Unhealthy, [HealthChecksBuilderExtensions.ReadyTag]));
        }
        services.AddSingleton(sp => new KafkaBrokerHealthCheck(sp.GetRequiredService<IOptions<KafkaOptions>>().Value,
            sp.GetRequiredService<RelayOptions>().HealthTimeout, sp.GetRequiredService<ILogger<KafkaBrokerHealthCheck>>()));
        health.Add(new HealthCheckRegistration("kafka", sp => sp.GetRequiredService<KafkaBrokerHealthCheck>(), HealthStatus.Unhealthy,
            [HealthChecksBuilderExtensions.ReadyTag]));
        return services;
    }
}
