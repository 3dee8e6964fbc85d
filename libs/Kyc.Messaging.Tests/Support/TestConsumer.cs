using Kyc.Messaging.Consuming;
using Kyc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Kyc.Messaging.Tests.Support;

/// <summary>
/// A consumer group hosted the way a service hosts it (AddKafkaMessaging + AddIdempotentConsumer), with a scripted
/// handler, against the test stack's Kafka (or <c>bootstrap</c>) and the test class's database. Test settings: short
/// retry delays and lag refresh.
/// </summary>
public static class TestConsumer
{
    /// <summary>With <see cref="ScriptedHandler"/>: one message per transaction.</summary>
    public static Task<TestConsumer<ScriptedHandler>> StartAsync(
        PostgresDatabase database, HandlerScript script, IEnumerable<string> topics, ITestOutputHelper? output = null,
        Action<KafkaConsumerOptions>? configure = null, string? bootstrap = null) =>
        TestConsumer<ScriptedHandler>.StartAsync(database, script, topics, output, configure, bootstrap);

    /// <summary>With <see cref="ScriptedBatchHandler"/>: batches of messages per transaction.</summary>
    public static Task<TestConsumer<ScriptedBatchHandler>> StartBatchingAsync(
        PostgresDatabase database, HandlerScript script, IEnumerable<string> topics, ITestOutputHelper? output = null,
        Action<KafkaConsumerOptions>? configure = null) =>
        TestConsumer<ScriptedBatchHandler>.StartAsync(database, script, topics, output, configure);
}

/// <inheritdoc cref="TestConsumer"/>
public sealed class TestConsumer<THandler> : IAsyncDisposable
    where THandler : class, IIdempotentEventHandler
{
    private readonly ServiceProvider _provider;
    private bool _stopped;

    private TestConsumer(ServiceProvider provider, KafkaConsumerHost<THandler> host, XunitLoggerProvider logs)
    {
        _provider = provider;
        Host = host;
        Logs = logs;
    }

    public KafkaConsumerHost<THandler> Host { get; }

    /// <summary>The service provider's health checks (e.g. <c>kafka-consumers</c>).</summary>
    public Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService Health => _provider.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();

    public XunitLoggerProvider Logs { get; }

    internal static async Task<TestConsumer<THandler>> StartAsync(
        PostgresDatabase database, HandlerScript script, IEnumerable<string> topics, ITestOutputHelper? output,
        Action<KafkaConsumerOptions>? configure, string? bootstrap = null)
    {
        var logs = new XunitLoggerProvider(output);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddKafkaMessaging(kafka =>
        {
            kafka.BootstrapServers = bootstrap ?? StackSettings.KafkaBootstrap;
            kafka.ClientId = script.ConsumerGroup;
        });
        services.AddSingleton(script);
        services.AddHealthChecks().AddKafkaConsumers(["ready"]);
        services.AddIdempotentConsumer<THandler>(options =>
        {
            options.GroupId = script.ConsumerGroup;
            foreach (var topic in topics) options.Topics.Add(topic);
            options.MaxPollIntervalMs = 10_000;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            options.RetryMaxDelay = TimeSpan.FromMilliseconds(100);
            options.UnavailableMaxDelay = TimeSpan.FromMilliseconds(500);
            options.LagRefreshInterval = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(options);
        }, _ => database.DataSource);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var host = provider.GetServices<IHostedService>().OfType<KafkaConsumerHost<THandler>>().Single();
        await host.StartAsync(CancellationToken.None);
        return new TestConsumer<THandler>(provider, host, logs);
    }

    /// <summary>Stops like a host does: <paramref name="shutdownTimeout"/> is the host's shutdown timeout.</summary>
    public async Task StopAsync(CancellationToken shutdownTimeout)
    {
        _stopped = true;
        await Host.StopAsync(shutdownTimeout);
    }

    /// <summary>Waits until the consume thread has closed the consumer (left the group).</summary>
    public Task Completion => Host.ExecuteTask ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await StopAsync(timeout.Token);
        }
        await _provider.DisposeAsync();
    }
}
