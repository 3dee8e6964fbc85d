using Kyc.Messaging.Consuming;
using Xunit;

namespace Kyc.Messaging.Tests.Consuming;

public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(4, 1600)]
    [InlineData(5, 3200)]
    [InlineData(6, 5000)]
    [InlineData(40, 5000)]
    public void The_delay_doubles_per_attempt_up_to_the_cap_with_jitter_in_its_upper_half(int attempt, int ceilingMs)
    {
        var random = new Random(attempt);
        for (var i = 0; i < 200; i++)
        {
            var delay = RetryBackoff.Delay(attempt, Base, Max, random).TotalMilliseconds;
            Assert.InRange(delay, ceilingMs / 2.0, ceilingMs);
        }
    }

    [Fact]
    public void The_jitter_spreads_the_delays()
    {
        var random = new Random(1);
        var delays = Enumerable.Range(0, 50).Select(_ => RetryBackoff.Delay(3, Base, Max, random)).Distinct().Count();
        Assert.True(delays > 40, $"only {delays} distinct delays out of 50");
    }

    [Fact]
    public void Attempts_start_at_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.Delay(0, Base, Max));
}
