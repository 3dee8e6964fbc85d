using Kyc.Audit.Application.Common;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Replay;

namespace Kyc.Audit.Application.ReplayJobs;

public sealed class GetReplayJobHandler(IReplayJobStore store)
{
    public async Task<ReplayJob> HandleAsync(string id, CancellationToken ct) =>
        Guid.TryParseExact(id, "D", out var jobId) && await store.FindAsync(jobId, ct) is { } job ? job : throw NotFound();

    internal static UseCaseException NotFound() => new(UseCaseErrors.ReplayJobNotFound, "There is no replay job with this id.");
}

/// <summary>
/// Cancels a queued or running job: it publishes nothing more after the batch in flight (if any). Cancelling a cancelled
/// job answers the job again; a completed or failed job cannot be cancelled.
/// </summary>
public sealed class CancelReplayJobHandler(IReplayJobStore store, TimeProvider clock)
{
    public async Task<ReplayJob> HandleAsync(string id, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var jobId)) throw GetReplayJobHandler.NotFound();
        var (result, job) = await store.CancelAsync(jobId, clock.Now(), ct);
        return result switch
        {
            CancelResult.Cancelled or CancelResult.AlreadyCancelled => job!,
            CancelResult.AlreadyFinished => throw new UseCaseException(UseCaseErrors.ReplayJobFinished,
                $"The replay job is already {job!.Status.ToWire()} and cannot be cancelled."),
            _ => throw GetReplayJobHandler.NotFound(),
        };
    }
}
