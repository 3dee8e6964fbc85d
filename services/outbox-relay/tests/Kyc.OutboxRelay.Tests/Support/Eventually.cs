using System.Diagnostics;

namespace Kyc.OutboxRelay.Tests.Support;

/// <summary>Polls a condition: bounds for a broken test, not timing assertions.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition()) return;
            await Task.Delay(20);
        }
        if (await condition()) return;
        throw new TimeoutException($"Not true after {timeout.TotalSeconds:0.#} s: {what}");
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, what);
}
