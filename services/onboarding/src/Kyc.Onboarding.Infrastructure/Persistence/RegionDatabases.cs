using Kyc.Persistence.Outbox;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Onboarding.Infrastructure.Persistence;

/// <summary>One connection pool per data region, and the wake-up of that region's outbox relay; a case's region picks its database.</summary>
public sealed class RegionDatabases : IAsyncDisposable
{
    private readonly Dictionary<string, OutboxWakeup> _wakeups;

    public RegionDatabases(IReadOnlyDictionary<string, NpgsqlDataSource> byRegion, ILogger<RegionDatabases>? logger = null)
    {
        ByRegion = byRegion;
        _wakeups = byRegion.ToDictionary(r => r.Key, r => new OutboxWakeup(r.Value, logger: logger));
    }

    public IReadOnlyDictionary<string, NpgsqlDataSource> ByRegion { get; }

    public NpgsqlDataSource For(string region) =>
        ByRegion.TryGetValue(region, out var dataSource)
            ? dataSource
            : throw new InvalidOperationException($"No database is configured for region '{region}'.");

    public OutboxWakeup OutboxWakeupFor(string region) => _wakeups[region];

    public async ValueTask DisposeAsync()
    {
        foreach (var wakeup in _wakeups.Values) await wakeup.DisposeAsync();
        foreach (var dataSource in ByRegion.Values) await dataSource.DisposeAsync();
    }
}
