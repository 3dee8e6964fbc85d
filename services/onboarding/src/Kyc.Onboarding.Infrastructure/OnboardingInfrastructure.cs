using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Infrastructure.Persistence;
using Kyc.Onboarding.Infrastructure.Residency;
using Kyc.Persistence;
using Kyc.Persistence.Idempotency;
using Kyc.Persistence.Migrations;
using Kyc.Persistence.Transactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Onboarding.Infrastructure;

/// <summary>
/// Configuration: <c>Onboarding:ResidencyFile</c> (default config/data-residency.yaml next to the binaries),
/// <c>Onboarding:Database:ConnectionString</c> (server and credentials; the database name comes from the residency file),
/// <c>Onboarding:Regions:&lt;region&gt;:ConnectionString</c> (a region on a server of its own),
/// <c>Onboarding:MigrationsDirectory</c> (default migrations/ next to the binaries),
/// <c>Onboarding:CreateMissingDatabases</c> (development only).
/// </summary>
public static class OnboardingInfrastructure
{
    public static IServiceCollection AddOnboardingInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var residency = ResidencyConfig.Load(configuration["Onboarding:ResidencyFile"] ?? Path.Combine(AppContext.BaseDirectory, "config", "data-residency.yaml"));
        var connectionStrings = residency.RegionsByName.ToDictionary(r => r.Key, r => ConnectionStringFor(configuration, r.Key, r.Value.Database));
        services.AddSingleton<IResidencyPolicy>(residency);
        services.AddSingleton(new RegionConnectionStrings(connectionStrings));
        services.AddSingleton(sp => new CommandDatabases(
            connectionStrings.ToDictionary(c => c.Key, c => PooledDataSource.Create(c.Value)), sp.GetService<ILogger<CommandDatabases>>()));
        services.AddSingleton(new IdempotencyStore());
        services.AddSingleton<ISessionFactory<ICaseSession>, PostgresCaseSessions>();
        services.AddSingleton<ICaseQueries, PostgresCaseQueries>();
        services.AddHostedService<IdempotencyKeyPurger>();
        return services;
    }

    /// <summary>Brings every region's database to the current schema (safe when several instances start at once).</summary>
    public static async Task MigrateOnboardingDatabasesAsync(this IServiceProvider services, IConfiguration configuration, CancellationToken ct = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Kyc.Onboarding.Migrations");
        var directory = configuration["Onboarding:MigrationsDirectory"] ?? Path.Combine(AppContext.BaseDirectory, "migrations");
        var sources = new[] { KycPersistenceMigrations.Source, MigrationSource.FromDirectory("onboarding", directory) };
        if (configuration.GetValue<bool>("Onboarding:CreateMissingDatabases"))
        {
            foreach (var connectionString in services.GetRequiredService<RegionConnectionStrings>().ByRegion.Values)
                await DevelopmentDatabase.CreateIfMissingAsync(connectionString, ct);
        }
        foreach (var (region, dataSource) in services.GetRequiredService<CommandDatabases>().ByPartition)
        {
            var applied = await MigrationRunner.ApplyAsync(dataSource, sources, logger, ct);
            logger.LogInformation("Region {Region}: {Count} migration(s) applied", region, applied.Count);
        }
    }

    private static string ConnectionStringFor(IConfiguration configuration, string region, string database)
    {
        if (configuration[$"Onboarding:Regions:{region}:ConnectionString"] is { Length: > 0 } own) return own;
        var shared = configuration["Onboarding:Database:ConnectionString"]
            ?? throw new InvalidOperationException($"Set Onboarding:Database:ConnectionString (or Onboarding:Regions:{region}:ConnectionString).");
        return new NpgsqlConnectionStringBuilder(shared) { Database = database }.ConnectionString;
    }
}

public sealed record RegionConnectionStrings(IReadOnlyDictionary<string, string> ByRegion);
