namespace Kyc.Web.RateLimiting;

/// <summary>
/// The <c>RateLimiting</c> configuration section (see README.md; the platform's policy is <c>config/rate-limits.json</c>,
/// named by <c>RateLimiting:PolicyFile</c>). No group: no rate limit.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Route groups, matched in order: the first whose prefix and methods match a request limits it.</summary>
    public List<RateLimitGroup> Groups { get; set; } = [];

    /// <summary>Per-partner limits that replace a group's default for one partner.</summary>
    public List<PartnerRateLimit> Partners { get; set; } = [];

    /// <summary>StackExchange.Redis configuration string (<c>host:port,...</c>); unset: per-instance limits only.</summary>
    public string? Redis { get; set; }

    /// <summary>The most a limit decision may wait for Redis before the local limit decides instead.</summary>
    public double RedisTimeoutSeconds { get; set; } = 3;

    /// <summary>After Redis failed or was too slow, how long the local limit decides before Redis is tried again.</summary>
    public double RedisRetrySeconds { get; set; } = 5;

    public bool Enabled => Groups.Count > 0;

    public void Validate()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in Groups)
        {
            if (string.IsNullOrWhiteSpace(group.Name) || !names.Add(group.Name))
                throw new InvalidOperationException($"RateLimiting: every group needs a unique Name ('{group.Name}')");
            if (group.PermitLimit <= 0 || group.WindowSeconds <= 0)
                throw new InvalidOperationException($"RateLimiting: group '{group.Name}' needs PermitLimit > 0 and WindowSeconds > 0");
            if (!group.PathPrefix.StartsWith('/'))
                throw new InvalidOperationException($"RateLimiting: group '{group.Name}' needs a PathPrefix starting with '/'");
        }
        foreach (var partner in Partners)
        {
            if (string.IsNullOrWhiteSpace(partner.PartnerId) || !names.Contains(partner.Group) || partner.PermitLimit <= 0)
                throw new InvalidOperationException(
                    $"RateLimiting: the limit for partner '{partner.PartnerId}' needs a PartnerId, a known Group ('{partner.Group}') and PermitLimit > 0");
        }
        if (RedisTimeoutSeconds <= 0 || RedisRetrySeconds <= 0)
            throw new InvalidOperationException("RateLimiting: RedisTimeoutSeconds and RedisRetrySeconds must be > 0");
    }
}

/// <summary>Requests under <see cref="PathPrefix"/> (with one of <see cref="Methods"/>, or any) share one limit per partner.</summary>
public sealed class RateLimitGroup
{
    public string Name { get; set; } = "";

    public string PathPrefix { get; set; } = "/";

    /// <summary>HTTP methods; empty: every method.</summary>
    public List<string> Methods { get; set; } = [];

    /// <summary>Requests per partner per window.</summary>
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; } = 60;
}

public sealed class PartnerRateLimit
{
    public string PartnerId { get; set; } = "";

    public string Group { get; set; } = "";

    public int PermitLimit { get; set; }
}
