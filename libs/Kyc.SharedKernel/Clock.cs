namespace Kyc.SharedKernel;

public static class Clock
{
    /// <summary>Now, to the microsecond: what PostgreSQL stores, so a row reads back exactly as it was answered.</summary>
    public static DateTimeOffset Now(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
