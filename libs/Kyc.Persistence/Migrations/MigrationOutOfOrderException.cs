namespace Kyc.Persistence.Migrations;

/// <summary>A script is not applied although a higher version of its source is. Nothing is applied: renumber it above the highest.</summary>
public sealed class MigrationOutOfOrderException(string source, int version, string origin, int highestApplied)
    : MigrationException(
        source,
        version,
        origin,
        $"Migration {source} V{version} ('{origin}') is not applied, but V{highestApplied} of the same source already is. " +
        $"Give it a version above {highestApplied}.")
{
    public int HighestApplied { get; } = highestApplied;
}
