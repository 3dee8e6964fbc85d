using Kyc.Messaging;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Producing;
using Kyc.OutboxRelay.Configuration;
using Kyc.OutboxRelay.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kyc.OutboxRelay.Relay;

/// <summary>The hosted worker: one <see cref="SourceRelay"/> loop per configured source, all in this process.</summary>
public sealed class OutboxRelayService(
    RelaySources sources, RelayOptions options, IOptions<KafkaOptions> kafka, KafkaMessagingMetrics messagingMetrics, RelayMetrics metrics,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly List<SourceRelay> _relays = [];

    public IReadOnlyList<SourceRelay> Relays => _relays;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggerFactory.CreateLogger<SourceRelay>();
        var producerLogger = loggerFactory.CreateLogger<KafkaProducer>();
        foreach (var source in sources.All)
        {
            var client = kafka.Value.WithClientId($"kyc-outbox-relay-{source.Options.Name}");
            _relays.Add(new SourceRelay(source.Options, options, source.DataSource,
                () => new KafkaProducer(client, messagingMetrics, producerLogger, ProducerOrdering.Strict), metrics, logger));
        }
        return Task.WhenAll(_relays.Select(r => Task.Run(() => r.RunAsync(stoppingToken), CancellationToken.None)));
    }
}
