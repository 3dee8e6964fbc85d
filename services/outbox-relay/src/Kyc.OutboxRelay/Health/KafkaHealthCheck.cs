using Confluent.Kafka;
using Kyc.OutboxRelay.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Kyc.OutboxRelay.Health;

/// <summary>
/// Ready when a broker answers a metadata request within the timeout (an admin client kept for the process, so a
/// check costs one request, not a new connection).
/// </summary>
public sealed partial class KafkaHealthCheck : IHealthCheck, IDisposable
{
    private readonly Lazy<IAdminClient> _admin;
    private readonly TimeSpan _timeout;

    public KafkaHealthCheck(KafkaOptions options, TimeSpan timeout, ILogger<KafkaHealthCheck> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeout = timeout;
        _admin = new Lazy<IAdminClient>(() =>
        {
            var config = new AdminClientConfig();
            foreach (var (key, value) in options.Settings) config.Set(key, value);
            config.BootstrapServers = options.BootstrapServers;
            config.ClientId = "kyc-outbox-relay-health";
            return new AdminClientBuilder(config)
                .SetLogHandler((_, m) => LogLibrdkafka(logger, m.Facility, m.Message))
                .SetErrorHandler((_, e) => LogLibrdkafka(logger, e.Code.ToString(), e.Reason))
                .Build();
        });
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var metadata = await Task.Run(() => _admin.Value.GetMetadata(_timeout), cancellationToken);
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

    [LoggerMessage(EventId = 3140, Level = LogLevel.Debug, Message = "Kafka health client {Facility}: {Text}")]
    private static partial void LogLibrdkafka(ILogger logger, string facility, string text);
}
