using System.Diagnostics.Metrics;

namespace Kyc.Web.RateLimiting;

/// <summary>
/// <c>kyc.rate_limit.requests</c> (by group, result admitted|limited, store redis|local) and
/// <c>kyc.rate_limit.degraded</c> (1 while Redis is unavailable and each instance limits on its own).
/// </summary>
internal sealed class RateLimitMetrics
{
    public const string MeterName = "Kyc.RateLimiting";

    private readonly Counter<long> _requests;

    public RateLimitMetrics(IMeterFactory meters, Func<bool> degraded)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("kyc.rate_limit.requests", "{request}", "Requests a rate limit decided on");
        meter.CreateObservableGauge("kyc.rate_limit.degraded", () => degraded() ? 1 : 0, unit: null,
            "1 while Redis is unavailable and every instance applies the limits on its own");
    }

    public void Decided(RateLimitRule rule, RateLimitDecision decision) =>
        _requests.Add(1,
            new KeyValuePair<string, object?>("group", rule.Group),
            new KeyValuePair<string, object?>("result", decision.Admitted ? "admitted" : "limited"),
            new KeyValuePair<string, object?>("store", decision.Store));
}
