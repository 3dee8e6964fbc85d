using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Kyc.Web.Health;

public static class HealthChecksBuilderExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds a <see cref="NpgsqlHealthCheck"/> (tagged <c>ready</c> unless <paramref name="tags"/> say otherwise) on the
    /// data source <paramref name="dataSource"/> picks, or on the registered <see cref="NpgsqlDataSource"/>.
    /// </summary>
    public static IHealthChecksBuilder AddNpgsql(
        this IHealthChecksBuilder builder,
        string name,
        Func<IServiceProvider, NpgsqlDataSource>? dataSource = null,
        TimeSpan? timeout = null,
        IEnumerable<string>? tags = null)
    {
        dataSource ??= sp => sp.GetRequiredService<NpgsqlDataSource>();
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new NpgsqlHealthCheck(dataSource(sp), timeout),
            HealthStatus.Unhealthy,
            tags ?? [ReadyTag]));
    }
}
