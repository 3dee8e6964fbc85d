namespace Kyc.Web.RateLimiting;

/// <summary>The answer for one request: admitted or not, and what the RateLimit-* headers say.</summary>
internal readonly record struct RateLimitDecision(bool Admitted, int Limit, long Remaining, long ResetSeconds, string Store)
{
    public const string RedisStore = "redis";
    public const string LocalStore = "local";
}
