namespace Kyc.Persistence.Migrations;

internal sealed record PendingMigration(string Source, MigrationScript Script);
