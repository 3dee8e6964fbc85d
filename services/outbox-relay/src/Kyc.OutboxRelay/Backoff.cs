namespace Kyc.OutboxRelay;

/// <summary>Exponential backoff with jitter: the first wait is about <c>initial</c>, each next one doubles, capped at <c>max</c>.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private int _failures;

    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 30);
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        // Equal jitter: half fixed, half random, so replicas retrying together drift apart but never wait near zero.
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    public Task DelayAsync(CancellationToken cancellationToken) => Task.Delay(Next(), cancellationToken);

    public void Reset() => _failures = 0;
}
