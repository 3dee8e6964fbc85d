namespace Kyc.Persistence.Migrations;

/// <summary>An applied script was edited afterwards. Nothing is applied: add a new script instead of changing an old one.</summary>
public sealed class MigrationChecksumMismatchException(string source, int version, string origin, string appliedChecksum, string currentChecksum)
    : MigrationException(
        source,
        version,
        origin,
        $"Migration {source} V{version} ('{origin}') was changed after it was applied: applied checksum {appliedChecksum}, " +
        $"current {currentChecksum}. Applied scripts must not change; add a new version instead.")
{
    public string AppliedChecksum { get; } = appliedChecksum;

    public string CurrentChecksum { get; } = currentChecksum;
}
