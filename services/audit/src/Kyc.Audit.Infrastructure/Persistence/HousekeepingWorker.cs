using Kyc.Messaging.Consuming;
using Kyc.Persistence.Idempotency;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Audit.Infrastructure.Persistence;

/// <summary>
/// Once an hour: deletes expired Idempotency-Key responses, and inbox rows older than <c>Audit:InboxRetention</c>
/// (default 30 days). The audit log itself never needs the inbox to stay exact: it refuses a second row for an event
/// id anyway (UNIQUE(event_id), checked under the chain lock), so an old redelivery is still recorded once.
/// </summary>
internal sealed partial class HousekeepingWorker(
    NpgsqlDataSource dataSource, IdempotencyStore idempotency, TimeSpan inboxRetention, ILogger<HousekeepingWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var keys = await idempotency.PurgeExpiredAsync(dataSource, stoppingToken);
                var inbox = await Inbox.PurgeAsync(dataSource, inboxRetention, stoppingToken);
                if (keys + inbox > 0) LogPurged(logger, keys, inbox);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Purged {Keys} expired idempotency key(s) and {InboxRows} old inbox row(s)")]
    private static partial void LogPurged(ILogger logger, int keys, long inboxRows);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Housekeeping failed; retrying next hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
