using Kyc.OutboxRelay.Configuration;
using Npgsql;

namespace Kyc.OutboxRelay.Relay;

/// <summary>A configured source with its pooled data source (batches, marking, backlog, pruning, the readiness check).</summary>
public sealed record RelaySource(RelaySourceOptions Options, NpgsqlDataSource DataSource);

public sealed class RelaySources(IEnumerable<RelaySource> sources) : IAsyncDisposable
{
    public IReadOnlyList<RelaySource> All { get; } = [.. sources];

    public RelaySource this[string name] => All.First(s => string.Equals(s.Options.Name, name, StringComparison.OrdinalIgnoreCase));

    public static RelaySources Create(RelayOptions options) =>
        new(options.Sources.Values.Select(s => new RelaySource(s, NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(s.ConnectionString) { ApplicationName = $"kyc-outbox-relay {s.Name}" }.ConnectionString))));

    public async ValueTask DisposeAsync()
    {
        foreach (var source in All) await source.DataSource.DisposeAsync();
    }
}
