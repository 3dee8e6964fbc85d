using Kyc.OutboxRelay.Configuration;
using Kyc.OutboxRelay.Health;
using Kyc.OutboxRelay.Relay;
using Kyc.OutboxRelay.Telemetry;
using Kyc.Persistence.Roles;
using Kyc.Web.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kyc.OutboxRelay;

public static class OutboxRelayServiceCollectionExtensions
{
    /// <summary>
    /// The relay worker for every <c>Relay:Sources</c> entry, its metrics, and readiness checks: each source database
    /// (<c>postgres-&lt;source&gt;</c>) and the broker (<c>kafka</c>).
    /// </summary>
    public static IServiceCollection AddOutboxRelay(this IServiceCollection services, IConfiguration configuration)
    {
        var options = RelayOptions.Read(configuration);
        var sources = RelaySources.Create(options);
        services.AddSingleton(options);
        services.AddSingleton(_ => sources); // a factory registration: the container disposes the data sources
        services.AddSingleton(sp => new RelayMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        // Before the relay's worker: it refuses a source role with owner rights outside Development (docs/security.md).
        services.AddHostedService(sp => new RuntimeRoleGuard(
            [.. sources.All.Select(s => ($"Relay:Sources:{s.Options.Name}:ConnectionString", s.DataSource))],
            sp.GetRequiredService<IHostEnvironment>(), sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<RuntimeRoleGuard>>()));
        services.AddSingleton<OutboxRelayService>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelayService>());

        var health = services.AddHealthChecks();
        foreach (var source in sources.All)
            health.AddNpgsql($"postgres-{source.Options.Name}", _ => source.DataSource, options.HealthTimeout);
        services.AddSingleton(sp => new KafkaHealthCheck(options.Kafka, options.HealthTimeout, sp.GetRequiredService<ILogger<KafkaHealthCheck>>()));
        health.Add(new HealthCheckRegistration("kafka", sp => sp.GetRequiredService<KafkaHealthCheck>(), HealthStatus.Unhealthy,
            [HealthChecksBuilderExtensions.ReadyTag]));
        return services;
    }
}
