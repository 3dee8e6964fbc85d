using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Replay;
using Kyc.SharedKernel;

namespace Kyc.Audit.Application.ReplayJobs;

/// <summary>How a run of a job ended.</summary>
public enum ReplayRunOutcome
{
    Completed,
    Failed,
    /// <summary>Cancelled meanwhile, or taken over by another worker: this worker stopped.</summary>
    Stopped,
    /// <summary>The host is stopping; the job stays running and resumes from its progress (lease released).</summary>
    Interrupted,
}

/// <summary>
/// Runs one claimed job to its end: reads the selected rows after the job's last published seq in batches, publishes
/// each batch and waits for the broker's acknowledgements, then saves the progress (which also renews the lease and
/// notices a cancel). Delivery is at least once: a batch interrupted between publishing and saving is published again
/// on resume, with the same CloudEvents ids, which consumers de-duplicate.
/// </summary>
public sealed class ReplayJobRunner(IAuditLog log, IReplayJobStore store, IReplayPublisher publisher, TimeProvider clock, ReplayOptions options)
{
    public async Task<ReplayRunOutcome> RunAsync(ReplayJob job, string workerId, CancellationToken ct)
    {
        job.Start(clock.Now());
        if (!await store.SaveRunningAsync(job, workerId, options.Lease, CancellationToken.None)) return ReplayRunOutcome.Stopped;
        if (!job.TargetIsAllowed)
        {
            job.Fail($"the target topic is outside the replay namespace {ReplayTopics.Namespace}<name>: nothing was published", clock.Now());
            return await store.SaveFinishedAsync(job, workerId, CancellationToken.None) ? ReplayRunOutcome.Failed : ReplayRunOutcome.Stopped;
        }
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            IReadOnlyList<Domain.Log.AuditRecord> rows;
            try
            {
                rows = await log.ReplayBatchAsync(job.Filter, job.LastPublishedSeq, Math.Max(1, options.BatchSize), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            if (rows.Count == 0)
            {
                job.Complete(clock.Now());
                return await store.SaveFinishedAsync(job, workerId, CancellationToken.None) ? ReplayRunOutcome.Completed : ReplayRunOutcome.Stopped;
            }
            try
            {
                await publisher.PublishAsync(job.TargetTopic, job.Id, rows, ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break; // nothing of this batch was sent
            }
            catch (ReplayPublishException e)
            {
                if (++failures >= Math.Max(1, options.MaxPublishAttempts))
                {
                    job.Fail($"publishing to {job.TargetTopic ?? "the producers' topics"} failed {failures} times in a row: {e.Message}", clock.Now());
                    return await store.SaveFinishedAsync(job, workerId, CancellationToken.None) ? ReplayRunOutcome.Failed : ReplayRunOutcome.Stopped;
                }
                if (!await store.SaveRunningAsync(job, workerId, options.Lease, CancellationToken.None)) return ReplayRunOutcome.Stopped;
                if (!await DelayAsync(Backoff(failures), ct)) break;
                continue;
            }
            job.RecordProgress(rows[^1].Seq, rows.Count);
            if (!await store.SaveRunningAsync(job, workerId, options.Lease, CancellationToken.None)) return ReplayRunOutcome.Stopped;
            if (options.PauseBetweenBatches > TimeSpan.Zero && !await DelayAsync(options.PauseBetweenBatches, ct)) break;
        }
        return ReplayRunOutcome.Interrupted;
    }

    private TimeSpan Backoff(int failures)
    {
        var baseDelay = options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 6));
        return TimeSpan.FromMilliseconds(baseDelay * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, clock, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
