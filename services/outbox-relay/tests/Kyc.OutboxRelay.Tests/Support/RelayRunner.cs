using Kyc.Messaging;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Producing;
using Kyc.Testing;
using Kyc.OutboxRelay.Configuration;
using Kyc.OutboxRelay.Relay;
using Kyc.OutboxRelay.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Kyc.OutboxRelay.Tests.Support;

/// <summary>One relay instance for one source, running in the background in this process, as the host runs it.</summary>
public sealed class RelayRunner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly Task _running;
    private bool _disposed;

    private RelayRunner(SourceRelay relay, RelayMetrics metrics, NpgsqlDataSource dataSource, RelayOptions options)
    {
        Relay = relay;
        Metrics = metrics;
        Options = options;
        _dataSource = dataSource;
        _running = Task.Run(() => relay.RunAsync(_stop.Token));
    }

    public SourceRelay Relay { get; }

    public RelayMetrics Metrics { get; }

    public RelayOptions Options { get; }

    public bool IsLeader => Relay.IsLeader;

    public static RelayOptions OptionsFor(string connectionString, string sourceName = "main")
    {
        var options = new RelayOptions
        {
            SweepInterval = TimeSpan.FromSeconds(5),
            PublishTimeout = TimeSpan.FromSeconds(10),
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromSeconds(1),
            LeaderRetryInterval = TimeSpan.FromSeconds(1),
            LeaderCheckInterval = TimeSpan.FromMilliseconds(250),
            BacklogInterval = TimeSpan.FromMilliseconds(500),
        };
        options.Sources[sourceName] = new RelaySourceOptions { Name = sourceName, ConnectionString = connectionString };
        return options;
    }

    /// <summary>A strict-ordering producer, as the host creates one per source.</summary>
    /// <summary>
    /// The runners' meters come from a factory of their own: a meter without one would also be exported by every relay
    /// host started in this test process (HostTests), mixing its samples with theirs.
    /// </summary>
    private static readonly System.Diagnostics.Metrics.IMeterFactory RunnerMeters =
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

    public static Func<KafkaProducer> Producers(string bootstrap, string clientId, Microsoft.Extensions.Logging.ILogger logger) =>
        () => new KafkaProducer(new KafkaOptions { BootstrapServers = bootstrap, ClientId = clientId }, new KafkaMessagingMetrics(RunnerMeters), logger, ProducerOrdering.Strict);

    /// <summary>A running relay, as its own least-privilege role (<see cref="OutboxDatabase.RelayRole"/>).</summary>
    public static RelayRunner Start(OutboxDatabase database, string bootstrap, ITestOutputHelper output, Action<RelayOptions>? configure = null, string instance = "relay")
    {
        var options = OptionsFor(database.RelayConnectionString);
        configure?.Invoke(options);
        options.Validate();
        var source = options.Sources.Values.Single();
        var logger = new TestLogger(output, instance);
        var dataSource = NpgsqlDataSource.Create(source.ConnectionString);
        var metrics = new RelayMetrics(RunnerMeters);
        var relay = new SourceRelay(source, options, dataSource,
            Producers(bootstrap, $"test-{instance}", logger), metrics, logger);
        return new RelayRunner(relay, metrics, dataSource, options);
    }

    /// <summary>A relay that is not running, on the database's own data source (to call its operations directly).</summary>
    public static SourceRelay Create(OutboxDatabase database, string bootstrap, ITestOutputHelper output, Action<RelayOptions>? configure = null)
    {
        var options = OptionsFor(database.ConnectionString);
        configure?.Invoke(options);
        options.Validate();
        var logger = new TestLogger(output, "relay");
        return new SourceRelay(options.Sources.Values.Single(), options, database.DataSource, Producers(bootstrap, "test", logger), new RelayMetrics(RunnerMeters), logger);
    }

    public Task WaitUntilLeaderAsync(TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Relay.IsLeader, timeout ?? TimeSpan.FromSeconds(30), "the relay leads its source");

    /// <summary>Graceful stop: cancel and wait for the loops to end (what the host does on SIGTERM).</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        await _running;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await StopAsync();
        await _dataSource.DisposeAsync();
        Metrics.Dispose();
        _stop.Dispose();
    }
}
