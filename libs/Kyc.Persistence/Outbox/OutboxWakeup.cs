using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Kyc.Persistence.Outbox;

/// <summary>
/// Wakes the outbox relay of one database after appends committed, coalescing: call <see cref="Signal"/> after each
/// commit, and one NOTIFY (<see cref="OutboxNotifier"/>) on a connection of its own announces every commit signalled
/// before it. Under load that is one notification per <c>minInterval</c> instead of one round trip per request; when
/// idle, the NOTIFY follows the commit at once. A signal not sent (the process stopped first, or the database did
/// not answer) only delays publishing until the relay's sweep.
/// </summary>
public sealed class OutboxWakeup : IAsyncDisposable
{
    public static readonly TimeSpan DefaultMinInterval = TimeSpan.FromMilliseconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeSpan _minInterval;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _signalled = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _pending;

    public OutboxWakeup(NpgsqlDataSource dataSource, TimeSpan? minInterval = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _minInterval = minInterval ?? DefaultMinInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(_minInterval, TimeSpan.Zero);
        _logger = logger ?? NullLogger.Instance;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Announces appends whose transaction has committed. Never blocks and never throws.</summary>
    public void Signal()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0) _signalled.Release();
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _signalled.WaitAsync(stopping);
                // Signals from here on need another NOTIFY; the one below covers every commit signalled before.
                Interlocked.Exchange(ref _pending, 0);
                await using (var connection = await _dataSource.OpenConnectionAsync(stopping))
                    await OutboxNotifier.NotifyCommittedAsync(connection, stopping);
                await Task.Delay(_minInterval, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                _logger.LogWarning(e, "Could not wake the outbox relay; it publishes the committed events at its next sweep");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
        _signalled.Dispose();
    }
}
