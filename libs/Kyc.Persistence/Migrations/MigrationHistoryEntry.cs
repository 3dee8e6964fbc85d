namespace Kyc.Persistence.Migrations;

/// <summary>One row of <c>schema_migrations</c>.</summary>
internal sealed record MigrationHistoryEntry(string Source, int Version, string Checksum);
