using Kyc.Persistence.Idempotency;
using Npgsql;

namespace Kyc.Persistence.Transactions;

/// <summary>
/// One command's transaction on one database. Reads go to the database at once (<see cref="CreateCommand"/>); writes are
/// staged and sent in one batch at <see cref="CommitAsync"/>, with the COMMIT itself when no write needs checking
/// afterwards: a create (aggregate, outbox events, Idempotency-Key) costs one round trip. Disposing without
/// <see cref="CommitAsync"/> rolls everything back.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly List<StagedWrite> _writes = [];
    private readonly List<TrackedAggregate> _tracked = [];
    private readonly List<Action> _afterCommit = [];

    private UnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction, string? partition)
    {
        _connection = connection;
        _transaction = transaction;
        Partition = partition;
    }

    /// <summary>The partition (data region) of the database, null for a service with one database.</summary>
    public string? Partition { get; }

    /// <summary>The aggregates the session handed out or was given, in order: the pipeline stores them at commit.</summary>
    public IReadOnlyList<TrackedAggregate> Tracked => _tracked;

    public static async Task<UnitOfWork> BeginAsync(NpgsqlDataSource dataSource, string? partition, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            return new UnitOfWork(connection, await connection.BeginTransactionAsync(ct), partition);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read (or an immediate write) inside the transaction.</summary>
    public NpgsqlCommand CreateCommand(string sql) => new(sql, _connection, _transaction);

    /// <summary>
    /// Tracks an aggregate: at commit, <paramref name="save"/> gives its write (null when it did not change) and
    /// <paramref name="check"/> what must hold once that ran (e.g. one row changed).
    /// </summary>
    public void Track(object aggregate, Func<NpgsqlBatchCommand?> save, Action<NpgsqlBatchCommand>? check = null) =>
        _tracked.Add(new TrackedAggregate(aggregate, save, check));

    /// <summary>Something to do once the transaction committed (e.g. wake a worker); never after a rollback.</summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    public void Stage(NpgsqlBatchCommand command, Action<NpgsqlBatchCommand>? check = null) => _writes.Add(new StagedWrite(command, check));

    /// <summary>Stages a write before every other: a claim that fails stops the batch before anything else ran.</summary>
    public void StageFirst(NpgsqlBatchCommand command) => _writes.Insert(0, new StagedWrite(command, null));

    /// <exception cref="IdempotencyKeyTakenException">A staged Idempotency-Key claim found the key taken; nothing was stored.</exception>
    public async Task CommitAsync(CancellationToken ct)
    {
        // PostgreSQL skips the rest of a batch after a failed statement, so a failure never reaches the COMMIT.
        var commitInBatch = _writes.Count > 0 && _writes.TrueForAll(w => w.Check is null);
        if (_writes.Count > 0)
        {
            await using var batch = new NpgsqlBatch(_connection, _transaction);
            foreach (var write in _writes) batch.BatchCommands.Add(write.Command);
            if (commitInBatch) batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            try
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (IdempotencyStore.IsKeyTaken(e))
            {
                throw new IdempotencyKeyTakenException(e);
            }
            foreach (var write in _writes) write.Check?.Invoke(write.Command);
        }
        if (!commitInBatch) await _transaction.CommitAsync(ct);
        foreach (var action in _afterCommit) action();
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private sealed record StagedWrite(NpgsqlBatchCommand Command, Action<NpgsqlBatchCommand>? Check);
}

/// <summary>An aggregate of a unit of work and how it is written at commit.</summary>
public sealed record TrackedAggregate(object Aggregate, Func<NpgsqlBatchCommand?> Save, Action<NpgsqlBatchCommand>? Check);

/// <summary>Opens a service's session (its Application port to its aggregates) over a unit of work.</summary>
public interface ISessionFactory<out TSession>
{
    TSession Open(UnitOfWork work);
}
