using Kyc.Persistence.Transactions;
using Kyc.Web.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kyc.Onboarding.Api.Http;

public static class RegionHealthChecks
{
    /// <summary>
    /// Ready while at least one region's database answers; degraded (still ready, HTTP 200) when some do not. A region's
    /// outage takes no instance out of rotation: the other regions' partners are served on, and that region's requests
    /// answer 503 with Retry-After. Not ready (503) when no region's database answers.
    /// </summary>
    public static IHealthChecksBuilder AddRegionDatabases(this IHealthChecksBuilder builder)
    {
        builder.Services.AddSingleton<RegionDatabasesHealthCheck>();
        return builder.AddCheck<RegionDatabasesHealthCheck>("postgres-regions", tags: ["ready"]);
    }
}

internal sealed class RegionDatabasesHealthCheck(CommandDatabases databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var regions = databases.ByPartition.ToList();
        var results = await Task.WhenAll(regions.Select(r => new NpgsqlHealthCheck(r.Value).CheckHealthAsync(context, cancellationToken)));
        var down = regions.Zip(results).Where(x => x.Second.Status != HealthStatus.Healthy).Select(x => x.First.Key).Order(StringComparer.Ordinal).ToList();
        var data = regions.Zip(results).ToDictionary(x => x.First.Key, x => (object)x.Second.Status.ToString());
        if (down.Count == 0) return HealthCheckResult.Healthy("every region's database answers", data);
        var description = $"no answer from the database of region(s) {string.Join(", ", down)}";
        return down.Count < regions.Count
            ? HealthCheckResult.Degraded(description, data: data)
            : HealthCheckResult.Unhealthy(description, data: data);
    }
}
