using Npgsql;

namespace Kyc.Onboarding.Infrastructure.Persistence;

/// <summary>One connection pool per data region; a case's region picks its database.</summary>
public sealed class RegionDatabases(IReadOnlyDictionary<string, NpgsqlDataSource> byRegion) : IAsyncDisposable
{
    public IReadOnlyDictionary<string, NpgsqlDataSource> ByRegion { get; } = byRegion;

    public NpgsqlDataSource For(string region) =>
        ByRegion.TryGetValue(region, out var dataSource)
            ? dataSource
            : throw new InvalidOperationException($"No database is configured for region '{region}'.");

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in ByRegion.Values) await dataSource.DisposeAsync();
    }
}
