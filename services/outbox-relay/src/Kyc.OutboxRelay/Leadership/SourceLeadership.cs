using System.Buffers.Binary;
using System.Data;
using System.Security.Cryptography;
using System.Text;
using Kyc.OutboxRelay.Outbox;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.OutboxRelay.Leadership;

/// <summary>
/// One active relay per source: the leader holds a session-level advisory lock on a dedicated, unpooled connection to
/// the source database. A standby waits on the same lock (<c>pg_advisory_lock</c> bounded by <c>lock_timeout</c>), so it
/// takes over the moment the leader's session ends (process killed, connection lost) and otherwise re-checks its own
/// connection every <see cref="RetryInterval"/>.
/// </summary>
public sealed partial class SourceLeadership(
    string sourceName, string connectionString, OutboxTableName table, TimeSpan retryInterval, TimeSpan checkInterval, ILogger logger)
{
    private const string LockNotAvailable = "55P03";

    public TimeSpan RetryInterval { get; } = retryInterval;

    /// <summary>The advisory lock key: derived from "kyc-outbox-relay" and the table, so two outbox tables in one database have two leaders.</summary>
    public long LockKey { get; } = KeyFor(table);

    public static long KeyFor(OutboxTableName table) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"kyc-outbox-relay:{table.Display}")));

    /// <summary>Waits until this instance holds the lock; database errors are logged and retried with a bounded backoff.</summary>
    public async Task<LeaderLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), RetryInterval);
        var loggedStandby = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            NpgsqlConnection? connection = null;
            try
            {
                connection = new NpgsqlConnection(DedicatedConnectionString(connectionString, $"kyc-outbox-relay leader {sourceName}"));
                await connection.OpenAsync(cancellationToken);
                if (await TryLockAsync(connection, cancellationToken))
                    return LeaderLease.Start(connection, checkInterval, logger, sourceName);

                if (!loggedStandby)
                {
                    LogStandby(logger, sourceName);
                    loggedStandby = true;
                }
                await using (var timeout = new NpgsqlCommand($"SET lock_timeout = {(long)RetryInterval.TotalMilliseconds}", connection))
                    await timeout.ExecuteNonQueryAsync(cancellationToken);
                while (true)
                {
                    try
                    {
                        await using var wait = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 };
                        wait.Parameters.AddWithValue("key", LockKey);
                        await wait.ExecuteNonQueryAsync(cancellationToken);
                        await using (var reset = new NpgsqlCommand("SET lock_timeout = 0", connection))
                            await reset.ExecuteNonQueryAsync(cancellationToken);
                        return LeaderLease.Start(connection, checkInterval, logger, sourceName);
                    }
                    catch (PostgresException e) when (e.SqlState == LockNotAvailable)
                    {
                        // Still held by the leader: wait again on the same (just proven alive) connection.
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (connection is not null) await connection.DisposeAsync();
                connection = null;
                LogAcquireFailed(logger, sourceName, e);
                await backoff.DelayAsync(cancellationToken);
            }
            catch
            {
                if (connection is not null) await connection.DisposeAsync();
                throw;
            }
        }
    }

    private async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", LockKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// An unpooled connection (a pooled one would be reset with DISCARD ALL, dropping session locks and LISTEN, and could
    /// be handed to other code) with TCP keepalives, so a dead peer is noticed by both sides.
    /// </summary>
    internal static string DedicatedConnectionString(string connectionString, string applicationName) =>
        new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = applicationName,
            TcpKeepAlive = true,
            KeepAlive = 10,
        }.ConnectionString;

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Source {Source}: another relay leads; standing by on the advisory lock")]
    private static partial void LogStandby(ILogger logger, string source);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Source {Source}: could not take part in the leader election; retrying")]
    private static partial void LogAcquireFailed(ILogger logger, string source, Exception exception);
}

/// <summary>
/// The held leader lock. <see cref="Lost"/> is cancelled as soon as the lock connection fails a liveness check (the
/// session, and with it the lock, may be gone: stop publishing at once). <see cref="ExecuteAsync{T}"/> runs the
/// leader's writes on the lock's own session, which is the fence: once that session is gone (the lock with it), they
/// fail instead of marking rows that a new leader now owns. Disposing releases the lock.
/// </summary>
public sealed partial class LeaderLease : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _session = new(1, 1); // one command at a time on the lock's connection
    private readonly Task _monitor;
    private readonly ILogger _logger;
    private readonly string _source;

    private LeaderLease(NpgsqlConnection connection, TimeSpan checkInterval, ILogger logger, string source)
    {
        _connection = connection;
        _logger = logger;
        _source = source;
        _monitor = MonitorAsync(checkInterval);
    }

    public CancellationToken Lost => _lost.Token;

    /// <summary>The leader session's backend pid (useful to find it in <c>pg_stat_activity</c>).</summary>
    public int BackendPid => _connection.ProcessID;

    internal static LeaderLease Start(NpgsqlConnection connection, TimeSpan checkInterval, ILogger logger, string source) =>
        new(connection, checkInterval, logger, source);

    /// <summary>Runs <paramref name="work"/> on the session that holds the lock (never concurrently with the liveness check).</summary>
    public async Task<T> ExecuteAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _session.WaitAsync(cancellationToken);
        try
        {
            return await work(_connection, cancellationToken);
        }
        finally
        {
            _session.Release();
        }
    }

    private async Task MonitorAsync(TimeSpan checkInterval)
    {
        var timeoutSeconds = Math.Max(1, (int)Math.Ceiling(Math.Max(checkInterval.TotalSeconds * 2, 2)));
        try
        {
            using var timer = new PeriodicTimer(checkInterval);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await ExecuteAsync(async (connection, ct) =>
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = timeoutSeconds };
                    return await ping.ExecuteScalarAsync(ct);
                }, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogLost(_logger, _source, e);
            await _lost.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _monitor; } catch (OperationCanceledException) { }
        try
        {
            if (_connection.FullState == ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", _connection) { CommandTimeout = 2 };
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // Closing the session below releases the lock anyway.
        }
        await _connection.DisposeAsync();
        _lost.Dispose();
        _stop.Dispose();
        _session.Dispose();
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Source {Source}: the leader lock connection failed; publishing stops until the lock is taken again")]
    private static partial void LogLost(ILogger logger, string source, Exception exception);
}
