namespace Kyc.Testing;

/// <summary>Waits for an effect of asynchronous work, with a generous deadline; the deadline is never asserted on.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException($"gave up waiting for {what}; last value: {Describe(value)}");
            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        GetAsync(() => Task.FromResult(condition()), done => done, what, deadline);

    /// <summary>Polls until <paramref name="condition"/> holds, or throws after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await condition()) return;
            await Task.Delay(20);
        }
        if (await condition()) return;
        throw new TimeoutException($"Not true after {timeout.TotalSeconds:0.#} s: {what}");
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>Reads up to <paramref name="attempts"/> times, 100 ms apart, until <paramref name="done"/>; returns the last value read (the caller asserts on it).</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, int attempts = 50)
    {
        var value = await read();
        for (var i = 1; i < attempts && !done(value); i++)
        {
            await Task.Delay(100);
            value = await read();
        }
        return value;
    }

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.ICollection c => $"{c.Count} item(s)",
        _ => value?.ToString() ?? "null",
    };
}
