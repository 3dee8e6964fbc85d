using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using RedisRateLimiting;

namespace Kyc.Web.RateLimiting;

/// <summary>
/// Decides each request against its caller's fixed-window limit, counted in Redis (RedisRateLimiting's fixed window, so
/// every instance shares one count) or, while Redis fails or is slower than its budget, in this instance's memory
/// (System.Threading.RateLimiting's fixed window): a request is never failed because Redis is.
/// </summary>
internal sealed class PartnerRateLimiter : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<RateLimitRule> _redis;
    private readonly PartitionedRateLimiter<RateLimitRule> _local;
    private readonly RedisConnection _connection;
    private readonly RedisCircuit _circuit;
    private readonly RateLimitMetrics _metrics;
    private readonly TimeSpan _budget;
    private readonly TimeProvider _time;

    public PartnerRateLimiter(RateLimitOptions options, RedisConnection connection, RedisCircuit circuit, RateLimitMetrics metrics, TimeProvider time)
    {
        _connection = connection;
        _circuit = circuit;
        _metrics = metrics;
        _time = time;
        _budget = TimeSpan.FromSeconds(options.RedisTimeoutSeconds);
        _redis = PartitionedRateLimiter.Create<RateLimitRule, RateLimitRule>(rule => RedisRateLimitPartition.GetFixedWindowRateLimiter(rule,
            r => new RedisFixedWindowRateLimiterOptions { PermitLimit = r.PermitLimit, Window = r.Window, ConnectionMultiplexerFactory = () => _connection.Multiplexer! }));
        _local = PartitionedRateLimiter.Create<RateLimitRule, RateLimitRule>(rule => RateLimitPartition.GetFixedWindowLimiter(rule,
            r => new FixedWindowRateLimiterOptions { PermitLimit = r.PermitLimit, Window = r.Window, QueueLimit = 0, AutoReplenishment = true }));
    }

    public async ValueTask<RateLimitDecision> DecideAsync(RateLimitRule rule, CancellationToken cancellationToken)
    {
        var decision = await FromRedisAsync(rule, cancellationToken) ?? await FromLocalAsync(rule, cancellationToken);
        _metrics.Decided(rule, decision);
        return decision;
    }

    private async ValueTask<RateLimitDecision?> FromRedisAsync(RateLimitRule rule, CancellationToken cancellationToken)
    {
        if (_connection.Multiplexer is null || !_circuit.ShouldTryRedis()) return null;
        try
        {
            using var lease = await _redis.AcquireAsync(rule, 1, cancellationToken).AsTask().WaitAsync(_budget, cancellationToken);
            _circuit.Succeeded();
            var remaining = lease.TryGetMetadata(RateLimitMetadataName.Remaining, out var left) ? left : 0;
            // RedisRateLimiting 1.2.1 counts in whole seconds: a window ends when the clock's second passes its expiry second.
            var reset = lease.TryGetMetadata(RateLimitMetadataName.Reset, out var expiresAt)
                ? (long)Math.Ceiling(expiresAt + 1 - _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0)
                : rule.WindowSeconds;
            return new RateLimitDecision(lease.IsAcquired, rule.PermitLimit, remaining, Math.Clamp(reset, 1, rule.WindowSeconds + 1), RateLimitDecision.RedisStore);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            _circuit.Failed(error);
            return null;
        }
    }

    private async ValueTask<RateLimitDecision> FromLocalAsync(RateLimitRule rule, CancellationToken cancellationToken)
    {
        using var lease = await _local.AcquireAsync(rule, 1, cancellationToken);
        var remaining = _local.GetStatistics(rule)?.CurrentAvailablePermits ?? 0;
        // The local window's start is not exposed: its end is at most one window away.
        var reset = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (long)Math.Ceiling(retryAfter.TotalSeconds)
            : rule.WindowSeconds;
        return new RateLimitDecision(lease.IsAcquired, rule.PermitLimit, remaining, Math.Max(reset, 1), RateLimitDecision.LocalStore);
    }

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _local.DisposeAsync();
    }
}
