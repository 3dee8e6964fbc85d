using Kyc.Audit.Application.Ingestion;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Application.ReplayJobs;
using Kyc.Audit.Infrastructure.Messaging;
using Kyc.Audit.Infrastructure.Persistence;
using Kyc.Audit.Infrastructure.Replay;
using Kyc.Contracts;
using Kyc.Messaging;
using Kyc.Messaging.Consuming;
using Kyc.Persistence;
using Kyc.Persistence.Idempotency;
using Kyc.Persistence.Migrations;
using Kyc.Persistence.Transactions;
using Kyc.Persistence.Roles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Audit.Infrastructure;

/// <summary>
/// Configuration (docs/services/audit.md): <c>Audit:Database:ConnectionString</c> (required),
/// <c>Audit:Database:MigrationsConnectionString</c> (the owner role, when the service's own role may not change the
/// schema), <c>Audit:MigrationsDirectory</c> (default migrations/ next to the binaries), <c>Audit:CreateMissingDatabase</c>
/// (development only), <c>Audit:ConsumerGroup</c> (default <c>kyc-audit</c>), <c>Audit:TopicPattern</c> (default
/// <c>^kyc\..*\.events$</c>), <c>Audit:ProducerTopicFormat</c> (default <c>kyc.{producer}.events</c>: where each event type's
/// producer publishes; an event read elsewhere is dead-lettered), <c>Audit:Consumer:*</c> (Kyc.Messaging consumer options; <c>Audit:Consumer:Enabled</c>),
/// <c>Audit:Replay:*</c> (<see cref="ReplayOptions"/>), <c>Audit:InboxRetention</c> (default 30 days), <c>Kafka:*</c> (Kyc.Messaging <see cref="KafkaOptions"/>).
/// </summary>
public static class AuditInfrastructure
{
    public const string DefaultConsumerGroup = "kyc-audit";
    public const string DefaultTopicPattern = @"^kyc\..*\.events$";

    /// <summary>New topics matching the pattern are found when the client refreshes its metadata (librdkafka default: 5 min).</summary>
    public const string DefaultMetadataRefreshMs = "30000";

    public static IServiceCollection AddAuditInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration["Audit:Database:ConnectionString"]
            ?? throw new InvalidOperationException("Set Audit:Database:ConnectionString.");
        services.AddSingleton(_ => PooledDataSource.Create(connectionString));
        services.AddSingleton(new IdempotencyStore());
        services.AddSingleton<PostgresAuditAppender>();
        services.AddSingleton<IAuditLog, PostgresAuditLog>();
        services.AddSingleton<IReplayJobStore, PostgresReplayJobStore>();
        services.AddSingleton(sp => new CommandDatabases(new Dictionary<string, NpgsqlDataSource> { ["audit"] = sp.GetRequiredService<NpgsqlDataSource>() }));
        services.AddSingleton<ISessionFactory<IReplayJobSession>, PostgresReplayJobSessions>();
        services.AddSingleton<AuditMetrics>();
        var producerTopics = new ProducerTopics(configuration["Audit:ProducerTopicFormat"] is { Length: > 0 } format ? format : EventProvenance.DefaultTopicFormat);
        services.AddSingleton(producerTopics);
        services.AddSingleton(sp => new EventIngestion(sp.GetRequiredService<TimeProvider>(), producerTopics.Format));

        services.AddKafkaMessaging(kafka =>
        {
            kafka.ClientId = "audit";
            configuration.GetSection(KafkaOptions.SectionName).Bind(kafka);
        });

        var replay = new ReplayOptions();
        configuration.GetSection(ReplayOptions.SectionName).Bind(replay);
        services.AddSingleton(replay);
        services.AddSingleton<ReplayWakeUp>();
        services.AddSingleton<IReplayPublisher, KafkaReplayPublisher>();
        services.AddSingleton<ReplayJobRunner>();
        services.AddSingleton<ReplayWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplayWorker>());

        var inboxRetention = configuration.GetValue("Audit:InboxRetention", TimeSpan.FromDays(30));
        services.AddHostedService(sp => new HousekeepingWorker(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IdempotencyStore>(),
            inboxRetention, sp.GetRequiredService<ILogger<HousekeepingWorker>>()));

        if (configuration.GetValue("Audit:Consumer:Enabled", true))
        {
            services.AddIdempotentConsumer<AuditEventHandler>(consumer =>
            {
                configuration.GetSection("Audit:Consumer").Bind(consumer);
                consumer.GroupId = configuration["Audit:ConsumerGroup"] is { Length: > 0 } group ? group : DefaultConsumerGroup;
                consumer.Topics.Clear();
                consumer.Topics.Add(configuration["Audit:TopicPattern"] is { Length: > 0 } pattern ? pattern : DefaultTopicPattern);
                consumer.Properties.TryAdd("topic.metadata.refresh.interval.ms", DefaultMetadataRefreshMs);
            });
        }
        return services;
    }

    /// <summary>
    /// Brings the audit database to the current schema and grants the runtime role its rights, as the owner
    /// (<c>Audit:Database:MigrationsConnectionString</c>): the migration step (<c>migrate</c>) alone when
    /// <paramref name="serving"/> is false; before serving, the same when the owner's connection was given, else the check
    /// that nothing is pending, then the check that the runtime role holds no owner rights (refused outside Development).
    /// </summary>
    public static async Task MigrateAuditDatabaseAsync(this IServiceProvider services, IConfiguration configuration, bool development,
        bool serving = true, CancellationToken ct = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Kyc.Audit.Migrations");
        var directory = configuration["Audit:MigrationsDirectory"] ?? Path.Combine(AppContext.BaseDirectory, "migrations");
        var owner = configuration["Audit:Database:MigrationsConnectionString"] is { Length: > 0 } o ? o : null;
        var database = new ServiceDatabase("Audit:Database:ConnectionString", configuration["Audit:Database:ConnectionString"]!, owner,
            [KycPersistenceMigrations.Source, MigrationSource.FromDirectory("audit", directory)], RuntimeGrants);
        if (configuration.GetValue<bool>("Audit:CreateMissingDatabase")) await DevelopmentDatabase.CreateIfMissingAsync(owner ?? database.ConnectionString, ct);
        var applied = serving
            ? await ServiceDatabaseStartup.PrepareAsync(database, services.GetRequiredService<NpgsqlDataSource>(), development, logger, ct)
            : await ServiceDatabaseStartup.MigrateAsync(database, logger, ct);
        logger.LogInformation("Audit database: {Count} migration(s) applied", applied.Count);
    }

    private static string RuntimeGrants
    {
        get
        {
            using var stream = typeof(AuditInfrastructure).Assembly.GetManifestResourceStream("kyc.audit.least-privilege-grants.sql")!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
