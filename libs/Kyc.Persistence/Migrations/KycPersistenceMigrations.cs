namespace Kyc.Persistence.Migrations;

/// <summary>The tables this library needs (outbox, inbox, idempotency_keys); apply before the service's own source.</summary>
public static class KycPersistenceMigrations
{
    public const string SourceName = "kyc.persistence";

    private const string ResourcePrefix = "kyc.persistence.migrations/";

    public static MigrationSource Source { get; } =
        MigrationSource.FromEmbeddedResources(SourceName, typeof(KycPersistenceMigrations).Assembly, ResourcePrefix);
}
