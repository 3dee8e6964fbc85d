using Kyc.Persistence.Idempotency;
using Kyc.Persistence.Transactions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kyc.Onboarding.Infrastructure.Persistence;

/// <summary>Deletes stored Idempotency-Key responses past their retention (24 h), in every region, once an hour.</summary>
internal sealed partial class IdempotencyKeyPurger(CommandDatabases databases, IdempotencyStore store, ILogger<IdempotencyKeyPurger> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            foreach (var (region, dataSource) in databases.ByPartition)
            {
                try
                {
                    var purged = await store.PurgeExpiredAsync(dataSource, stoppingToken);
                    if (purged > 0) LogPurged(logger, purged, region);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(logger, e, region);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} expired idempotency keys in region {Region}")]
    private static partial void LogPurged(ILogger logger, int count, string region);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging expired idempotency keys in region {Region} failed; retrying next hour")]
    private static partial void LogFailed(ILogger logger, Exception exception, string region);
}
