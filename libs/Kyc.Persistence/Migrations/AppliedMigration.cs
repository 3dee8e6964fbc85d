namespace Kyc.Persistence.Migrations;

/// <summary>A script the runner applied in this run.</summary>
public sealed record AppliedMigration(string Source, int Version, string Description, string Origin, string Checksum, TimeSpan Duration);
