using Kyc.Onboarding.Infrastructure.Persistence;
using Kyc.Web.Health;

namespace Kyc.Onboarding.Api.Http;

public static class RegionHealthChecks
{
    /// <summary>Ready only when every region's database answers: a case of any jurisdiction may arrive.</summary>
    public static IHealthChecksBuilder AddRegionDatabases(this IHealthChecksBuilder builder)
    {
        builder.Services.AddSingleton<RegionDatabasesHealthCheck>();
        return builder.AddCheck<RegionDatabasesHealthCheck>("postgres-regions", tags: ["ready"]);
    }
}

internal sealed class RegionDatabasesHealthCheck(RegionDatabases databases) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        var healthy = true;
        foreach (var (region, dataSource) in databases.ByRegion)
        {
            var result = await new NpgsqlHealthCheck(dataSource).CheckHealthAsync(context, cancellationToken);
            data[region] = result.Status.ToString();
            healthy &= result.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
        }
        return healthy
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy("every region's database answers", data)
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("a region's database does not answer", data: data);
    }
}
