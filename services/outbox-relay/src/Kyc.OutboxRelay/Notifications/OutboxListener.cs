using Kyc.OutboxRelay.Leadership;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.OutboxRelay.Notifications;

/// <summary>
/// <c>LISTEN kyc_outbox</c> on a dedicated connection: the outbox trigger notifies when an inserting transaction commits,
/// and each notification wakes the relay. When the connection fails the relay is woken too (a sweep covers whatever
/// was committed meanwhile) and the listener reconnects with backoff.
/// </summary>
public sealed partial class OutboxListener(string sourceName, string connectionString, WakeSignal wake, ILogger logger)
{
    /// <summary>The channel the outbox trigger (libs/Kyc.Persistence V0001) notifies.</summary>
    public const string Channel = "kyc_outbox";

    private volatile bool _listening;

    /// <summary>True while LISTEN is active on a live connection.</summary>
    public bool IsListening => _listening;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(
                    SourceLeadership.DedicatedConnectionString(connectionString, $"kyc-outbox-relay listener {sourceName}"));
                await connection.OpenAsync(cancellationToken);
                connection.Notification += (_, _) => wake.Set();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                _listening = true;
                backoff.Reset();
                wake.Set(); // whatever committed before LISTEN took effect
                while (true) await connection.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _listening = false;
                LogListenFailed(logger, sourceName, e);
                wake.Set();
                try { await backoff.DelayAsync(cancellationToken); }
                catch (OperationCanceledException) { break; }
            }
            finally
            {
                _listening = false;
            }
        }
    }

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Source {Source}: LISTEN connection failed; relying on the sweep until it is back")]
    private static partial void LogListenFailed(ILogger logger, string source, Exception exception);
}
