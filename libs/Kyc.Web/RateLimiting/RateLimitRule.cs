namespace Kyc.Web.RateLimiting;

/// <summary>
/// One caller's limit in one route group. Its text form is the counter's key, shared by every instance of every service
/// through Redis: <c>kyc:{group}:{caller}</c>.
/// </summary>
internal sealed record RateLimitRule(string Group, string Caller, int PermitLimit, int WindowSeconds)
{
    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    public override string ToString() => $"kyc:{Group}:{Caller}";
}
