using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Infrastructure.Persistence;
using Kyc.Onboarding.Infrastructure.Residency;
using Kyc.Persistence;
using Kyc.Persistence.Idempotency;
using Kyc.Persistence.Migrations;
using Kyc.Persistence.Transactions;
using Kyc.Persistence.Roles;
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
/// <c>Onboarding:Database:MigrationsConnectionString</c> / <c>Onboarding:Regions:&lt;region&gt;:MigrationsConnectionString</c>
/// (the owner, for the migration step only), <c>Onboarding:Database:OutboxRelayRole</c> (the relay's role, granted the outbox),
/// <c>Onboarding:CreateMissingDatabases</c> (development only).
/// </summary>
public static class OnboardingInfrastructure
{
    public static IServiceCollection AddOnboardingInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var residency = ResidencyConfig.Load(configuration["Onboarding:ResidencyFile"] ?? Path.Combine(AppContext.BaseDirectory, "config", "data-residency.yaml"));
        var connectionStrings = residency.RegionsByName.ToDictionary(r => r.Key, r => ConnectionStringFor(configuration, r.Key, r.Value.Database));
        services.AddSingleton<IResidencyPolicy>(residency);
        var ownerConnectionStrings = residency.RegionsByName.ToDictionary(r => r.Key, r => OwnerConnectionStringFor(configuration, r.Key, r.Value.Database));
        services.AddSingleton(new RegionConnectionStrings(connectionStrings, ownerConnectionStrings));
        services.AddSingleton(sp => new CommandDatabases(
            connectionStrings.ToDictionary(c => c.Key, c => PooledDataSource.Create(c.Value)), sp.GetService<ILogger<CommandDatabases>>()));
        services.AddSingleton(new IdempotencyStore());
        services.AddSingleton<ISessionFactory<ICaseSession>, PostgresCaseSessions>();
        services.AddSingleton<ICaseQueries, PostgresCaseQueries>();
        services.AddHostedService<IdempotencyKeyPurger>();
        return services;
    }

    /// <summary>
    /// Brings every region's database to the current schema and grants the runtime role (and the outbox relay's role,
    /// <c>Onboarding:Database:OutboxRelayRole</c>) their rights, as the owner (<c>Onboarding:Database:MigrationsConnectionString</c>
    /// or <c>Onboarding:Regions:&lt;region&gt;:MigrationsConnectionString</c>): the migration step (<c>migrate</c>) alone when
    /// <paramref name="serving"/> is false; before serving, the same when the owner's connection was given, else the check that
    /// nothing is pending, then the check that the runtime role holds no owner rights (refused outside Development).
    /// Safe when several instances start at once.
    /// </summary>
    public static async Task MigrateOnboardingDatabasesAsync(this IServiceProvider services, IConfiguration configuration, bool development,
        bool serving = true, CancellationToken ct = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Kyc.Onboarding.Migrations");
        var directory = configuration["Onboarding:MigrationsDirectory"] ?? Path.Combine(AppContext.BaseDirectory, "migrations");
        var sources = new[] { KycPersistenceMigrations.Source, MigrationSource.FromDirectory("onboarding", directory) };
        var connectionStrings = services.GetRequiredService<RegionConnectionStrings>();
        var relayRole = configuration["Onboarding:Database:OutboxRelayRole"] is { Length: > 0 } r ? r : null;
        foreach (var (region, dataSource) in services.GetRequiredService<CommandDatabases>().ByPartition)
        {
            var owner = connectionStrings.OwnerByRegion[region];
            var setting = configuration[$"Onboarding:Regions:{region}:ConnectionString"] is { Length: > 0 }
                ? $"Onboarding:Regions:{region}:ConnectionString"
                : "Onboarding:Database:ConnectionString";
            var database = new ServiceDatabase(setting, connectionStrings.ByRegion[region], owner, sources, RuntimeGrants, relayRole);
            if (configuration.GetValue<bool>("Onboarding:CreateMissingDatabases"))
                await DevelopmentDatabase.CreateIfMissingAsync(owner ?? connectionStrings.ByRegion[region], ct);
            var applied = serving
                ? await ServiceDatabaseStartup.PrepareAsync(database, dataSource, development, logger, ct)
                : await ServiceDatabaseStartup.MigrateAsync(database, logger, ct);
            logger.LogInformation("Region {Region}: {Count} migration(s) applied", region, applied.Count);
        }
    }

    private static string? OwnerConnectionStringFor(IConfiguration configuration, string region, string database)
    {
        if (configuration[$"Onboarding:Regions:{region}:MigrationsConnectionString"] is { Length: > 0 } own) return own;
        return configuration["Onboarding:Database:MigrationsConnectionString"] is { Length: > 0 } shared
            ? new NpgsqlConnectionStringBuilder(shared) { Database = database }.ConnectionString
            : null;
    }

    private static string RuntimeGrants
    {
        get
        {
            using var stream = typeof(OnboardingInfrastructure).Assembly.GetManifestResourceStream("kyc.onboarding.least-privilege-grants.sql")!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
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

/// <summary>Per region: the runtime role's connection, and the owner's (null when this process was not given it).</summary>
public sealed record RegionConnectionStrings(IReadOnlyDictionary<string, string> ByRegion, IReadOnlyDictionary<string, string?> OwnerByRegion);
