namespace Kyc.Messaging.Consuming;

/// <summary>Exponential backoff with "equal jitter": half the exponential delay plus a random part of the other half.</summary>
public static class RetryBackoff
{
    /// <summary>The pause after failed attempt <paramref name="attempt"/> (1-based): within [d/2, d] for d = min(max, base × 2^(attempt−1)).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var capped = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        var half = capped / 2;
        return TimeSpan.FromMilliseconds(half + (random ?? Random.Shared).NextDouble() * half);
    }
}
