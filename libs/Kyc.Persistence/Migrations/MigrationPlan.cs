using Microsoft.Extensions.Logging;

namespace Kyc.Persistence.Migrations;

/// <summary>
/// Compares the sources with what the database recorded and returns what to apply, in order (sources in the order
/// given, scripts by version). Refuses the whole run on an edited or out-of-order script, before anything is applied.
/// </summary>
internal static class MigrationPlan
{
    public static IReadOnlyList<PendingMigration> Pending(
        IReadOnlyList<MigrationSource> sources, IReadOnlyCollection<MigrationHistoryEntry> history, ILogger logger)
    {
        var pending = new List<PendingMigration>();
        foreach (var source in sources)
        {
            var applied = history.Where(h => h.Source == source.Name).ToDictionary(h => h.Version);
            var highestApplied = applied.Count == 0 ? 0 : applied.Keys.Max();
            foreach (var script in source.Scripts)
            {
                if (applied.TryGetValue(script.Version, out var entry))
                {
                    if (entry.Checksum != script.Checksum)
                        throw new MigrationChecksumMismatchException(source.Name, script.Version, script.Origin, entry.Checksum, script.Checksum);
                }
                else if (script.Version < highestApplied)
                {
                    throw new MigrationOutOfOrderException(source.Name, script.Version, script.Origin, highestApplied);
                }
                else
                {
                    pending.Add(new PendingMigration(source.Name, script));
                }
            }

            foreach (var version in applied.Keys.Except(source.Scripts.Select(s => s.Version)).Order())
                MigrationLog.AppliedScriptMissing(logger, source.Name, version);
        }
        return pending;
    }
}
