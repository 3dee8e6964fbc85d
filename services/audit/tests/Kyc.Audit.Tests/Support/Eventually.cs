namespace Kyc.Audit.Tests.Support;

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
            if (DateTime.UtcNow > until) throw new TimeoutException($"gave up waiting for {what}; last value: {value}");
            await Task.Delay(100);
        }
    }
}
