using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain;
using Kyc.Audit.Domain.Replay;
using Kyc.SharedKernel;

namespace Kyc.Audit.Application.ReplayJobs;

public sealed record GetReplayJobQuery(string JobId);

public sealed class GetReplayJobHandler(IReplayJobStore store) : IQueryHandler<GetReplayJobQuery, ReplayJob>
{
    public async Task<ReplayJob> HandleAsync(GetReplayJobQuery query, CancellationToken ct) =>
        Guid.TryParseExact(query.JobId, "D", out var jobId) && await store.FindAsync(jobId, ct) is { } job ? job : throw NotFound();

    internal static CodedException NotFound() => new(AuditErrors.ReplayJobNotFound, "There is no replay job with this id.");
}
