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

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.ICollection c => $"{c.Count} item(s)",
        _ => value?.ToString() ?? "null",
    };
}
