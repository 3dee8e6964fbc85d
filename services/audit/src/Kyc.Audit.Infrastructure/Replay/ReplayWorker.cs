using Kyc.Audit.Application.Ports;
using Kyc.Audit.Application.ReplayJobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kyc.Audit.Infrastructure.Replay;

/// <summary>Wakes the local replay worker when a job is created here (other instances find it by polling).</summary>
public sealed class ReplayWakeUp
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Runs replay jobs, one at a time per instance: claims the oldest queued job (or a running one whose worker's lease
/// ran out, e.g. after a crash or restart) and runs it to its end with <see cref="ReplayJobRunner"/>. On shutdown the
/// job in progress keeps its progress and gives up its lease, so the next instance resumes it at once.
/// </summary>
public sealed partial class ReplayWorker(
    IReplayJobStore store, ReplayJobRunner runner, ReplayWakeUp wakeUp, ReplayOptions options, TimeProvider clock, ILogger<ReplayWorker> logger)
    : BackgroundService
{
    public string WorkerId { get; } = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var job = await store.ClaimNextAsync(WorkerId, options.Lease, stoppingToken);
                if (job is null)
                {
                    await wakeUp.WaitAsync(options.PollInterval, stoppingToken);
                    continue;
                }
                LogStarting(logger, job.Id, job.Status.ToString(), job.TargetTopic ?? "the producers' topics", job.LastPublishedSeq, job.TotalEvents);
                var outcome = await runner.RunAsync(job, WorkerId, stoppingToken);
                LogFinished(logger, job.Id, outcome.ToString(), job.PublishedEvents, job.TotalEvents, job.Error);
                if (outcome == ReplayRunOutcome.Interrupted) await store.ReleaseAsync(job.Id, WorkerId, CancellationToken.None);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // E.g. the database is unreachable: the job keeps its progress; its lease runs out and it is claimed again.
                LogFailed(logger, e);
                try
                {
                    await Task.Delay(options.PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information,
        Message = "Replay job {JobId} ({Status}) to {TargetTopic}: starting after seq {LastPublishedSeq}, {TotalEvents} event(s) selected")]
    private static partial void LogStarting(ILogger logger, Guid jobId, string status, string targetTopic, long lastPublishedSeq, long totalEvents);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information,
        Message = "Replay job {JobId}: {Outcome}, {PublishedEvents} of {TotalEvents} event(s) published {Error}")]
    private static partial void LogFinished(ILogger logger, Guid jobId, string outcome, long publishedEvents, long totalEvents, string? error);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Error, Message = "Replay worker: a job run failed; retrying after the poll interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
