using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Kyc.Web.RateLimiting;

/// <summary>
/// The rate limiter's connection to Redis, opened when the host starts. A Redis that is down at start-up does not stop
/// the service: the connection keeps retrying in the background, and commands fail at once while it is down (no
/// backlog), so that the limiter falls back to its local limit instead of waiting.
/// </summary>
internal sealed class RedisConnection(RateLimitOptions options, ILogger<RedisConnection> logger) : IHostedService, IAsyncDisposable
{
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>Null until the host started (or when no Redis is configured).</summary>
    public IConnectionMultiplexer? Multiplexer => _multiplexer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Redis is null)
        {
            logger.LogWarning(5290, "Rate limiting: no Redis configured (RateLimiting:Redis); limits are per instance");
            return;
        }
        var budget = (int)TimeSpan.FromSeconds(options.RedisTimeoutSeconds).TotalMilliseconds;
        var configuration = ConfigurationOptions.Parse(options.Redis);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = budget;
        configuration.AsyncTimeout = budget;
        configuration.SyncTimeout = budget;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "kyc-rate-limiter";
        _multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        if (!_multiplexer.IsConnected)
            logger.LogWarning(5290, "Rate limiting: Redis is not reachable at start-up; limits are per instance until it is");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null) await _multiplexer.DisposeAsync();
    }
}
