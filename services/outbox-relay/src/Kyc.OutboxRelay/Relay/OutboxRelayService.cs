using Kyc.OutboxRelay.Configuration;
using Kyc.OutboxRelay.Publishing;
using Kyc.OutboxRelay.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kyc.OutboxRelay.Relay;

/// <summary>The hosted worker: one <see cref="SourceRelay"/> loop per configured source, all in this process.</summary>
public sealed class OutboxRelayService(RelaySources sources, RelayOptions options, RelayMetrics metrics, ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly List<SourceRelay> _relays = [];

    public IReadOnlyList<SourceRelay> Relays => _relays;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggerFactory.CreateLogger<SourceRelay>();
        var producerLogger = loggerFactory.CreateLogger<KafkaOutboxProducer>();
        foreach (var source in sources.All)
        {
            var clientId = $"kyc-outbox-relay-{source.Options.Name}";
            _relays.Add(new SourceRelay(source.Options, options, source.DataSource,
                () => new KafkaOutboxProducer(options.Kafka, clientId, producerLogger), metrics, logger));
        }
        return Task.WhenAll(_relays.Select(r => Task.Run(() => r.RunAsync(stoppingToken), CancellationToken.None)));
    }
}
