using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Kyc.Messaging.Health;

/// <summary>
/// Ready when a broker answers a metadata request within the timeout (an admin client kept for the process, so a
/// check costs one request, not a new connection).
/// </summary>
public sealed partial class KafkaBrokerHealthCheck : IHealthCheck, IDisposable
{
    private readonly Lazy<IAdminClient> _admin;
    private readonly TimeSpan _timeout;

    public KafkaBrokerHealthCheck(KafkaOptions options, TimeSpan timeout, ILogger<KafkaBrokerHealthCheck> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeout = timeout;
        Native.Librdkafka.Load();
        var config = options.ToAdminConfig($"{options.ClientId}-health");
        _admin = new Lazy<IAdminClient>(() => new AdminClientBuilder(config)
            .SetLogHandler((_, m) => LogLibrdkafka(logger, m.Facility, m.Message))
            .SetErrorHandler((_, e) => LogLibrdkafka(logger, e.Code.ToString(), e.Reason))
            .Build());
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var metadata = await Task.Run(() => _admin.Value.GetMetadata(_timeout), cancellationToken).ConfigureAwait(false);
            return metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, "Kafka answered without brokers");
        }
        catch (KafkaException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Kafka is not reachable ({e.Error.Code})", e);
        }
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated) _admin.Value.Dispose();
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug, Message = "Kafka health client {kafka_facility}: {kafka_message}")]
    private static partial void LogLibrdkafka(ILogger logger, string kafka_facility, string kafka_message);
}
