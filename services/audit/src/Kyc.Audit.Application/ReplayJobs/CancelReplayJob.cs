using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Replay;
using Kyc.SharedKernel;

namespace Kyc.Audit.Application.ReplayJobs;

public sealed record CancelReplayJobCommand(string JobId);

/// <summary>Cancels a replay job by the job's own rule (<see cref="ReplayJob.Cancel"/>), with the job locked against its worker.</summary>
public sealed class CancelReplayJobHandler(TimeProvider clock) : ICommandHandler<CancelReplayJobCommand, IReplayJobSession, ReplayJob>
{
    public async Task<ReplayJob> HandleAsync(CancelReplayJobCommand command, IReplayJobSession jobs, CancellationToken ct)
    {
        var job = Guid.TryParseExact(command.JobId, "D", out var id) ? await jobs.FindForUpdateAsync(id, ct) : null;
        (job ?? throw GetReplayJobHandler.NotFound()).Cancel(clock.Now());
        return job;
    }
}
