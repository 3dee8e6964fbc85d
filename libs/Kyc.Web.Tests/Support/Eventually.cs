namespace Kyc.Web.Tests.Support;

/// <summary>Retries a check a bounded number of times, for effects recorded just after the response is sent.</summary>
public static class Eventually
{
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
}
