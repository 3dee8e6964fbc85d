using Microsoft.Extensions.Logging;

namespace Kyc.Web.RateLimiting;

/// <summary>
/// Whether to ask Redis: after a failure or a decision slower than the budget, the local limit decides alone for a
/// while, then one request tries Redis again. Says each change once, as a warning (event 5290) and back (5291).
/// </summary>
internal sealed class RedisCircuit(TimeSpan retryAfter, TimeProvider time, ILogger logger)
{
    private long _closedAt;
    private int _degraded;

    public bool Degraded => Volatile.Read(ref _degraded) == 1;

    public bool ShouldTryRedis() => time.GetTimestamp() >= Volatile.Read(ref _closedAt);

    public void Failed(Exception error)
    {
        Volatile.Write(ref _closedAt, time.GetTimestamp() + (long)(retryAfter.TotalSeconds * time.TimestampFrequency));
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            logger.LogWarning(5290, "Rate limiting falls back to per-instance limits: Redis failed or was slower than its budget ({error_type}: {error_message})",
                error.GetType().Name, error.Message);
        }
    }

    public void Succeeded()
    {
        if (Interlocked.Exchange(ref _degraded, 0) == 1) logger.LogInformation(5291, "Rate limiting is back on Redis: limits are shared by every instance again");
    }
}
