using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kyc.Messaging.Consuming;

/// <summary>
/// Unhealthy while any consumer group of the process is stalled (<see cref="ConsumerProgress"/>): no committed message
/// and not caught up for longer than its <see cref="KafkaConsumerOptions.StallTimeout"/>. A broker restart, a lost group
/// coordinator, a handler or database that never comes back all end up here, where an orchestrator sees them.
/// </summary>
public sealed class KafkaConsumersHealthCheck(IEnumerable<ConsumerProgress> groups) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stalled = groups.Select(g => g.StallReason).OfType<string>().ToList();
        return Task.FromResult(stalled.Count == 0
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, string.Join("; ", stalled)));
    }
}

public static class KafkaConsumersHealthCheckExtensions
{
    /// <summary>
    /// The check <c>kafka-consumers</c> over every group added with
    /// <see cref="KafkaMessagingServiceCollectionExtensions.AddIdempotentConsumer{THandler}"/> (tag it for readiness).
    /// </summary>
    public static IHealthChecksBuilder AddKafkaConsumers(this IHealthChecksBuilder builder, IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration("kafka-consumers",
            sp => new KafkaConsumersHealthCheck(sp.GetServices<ConsumerProgress>()), HealthStatus.Unhealthy, tags));
    }
}
