using Kyc.Persistence.Outbox;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Persistence.Transactions;

/// <summary>
/// The databases a service's commands run in, by partition (data region), each with the wake-up of its outbox relay.
/// A service with one database has one partition and its commands name none.
/// </summary>
public sealed class CommandDatabases : IAsyncDisposable
{
    private readonly Dictionary<string, OutboxWakeup> _wakeups;

    public CommandDatabases(IReadOnlyDictionary<string, NpgsqlDataSource> byPartition, ILogger? logger = null)
    {
        if (byPartition.Count == 0) throw new ArgumentException("A service needs at least one database.", nameof(byPartition));
        ByPartition = byPartition;
        _wakeups = byPartition.ToDictionary(p => p.Key, p => new OutboxWakeup(p.Value, logger: logger));
    }

    public IReadOnlyDictionary<string, NpgsqlDataSource> ByPartition { get; }

    /// <summary>The database of a partition; null names the only one.</summary>
    public NpgsqlDataSource For(string? partition) => partition is null
        ? ByPartition.Count == 1 ? ByPartition.Values.Single() : throw new InvalidOperationException("This service has several databases: name the partition.")
        : ByPartition.TryGetValue(partition, out var dataSource)
            ? dataSource
            : throw new InvalidOperationException($"No database is configured for partition '{partition}'.");

    /// <summary>After a commit that appended to the outbox: wake that database's relay.</summary>
    public void SignalOutbox(string? partition) => _wakeups[partition ?? ByPartition.Keys.Single()].Signal();

    public async ValueTask DisposeAsync()
    {
        foreach (var wakeup in _wakeups.Values) await wakeup.DisposeAsync();
        foreach (var dataSource in ByPartition.Values) await dataSource.DisposeAsync();
    }
}
