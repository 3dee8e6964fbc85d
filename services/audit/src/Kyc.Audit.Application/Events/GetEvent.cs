using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain;
using Kyc.Audit.Domain.Log;
using Kyc.SharedKernel;

namespace Kyc.Audit.Application.Events;

public sealed record GetEventQuery(string EventId);

public sealed class GetEventHandler(IAuditLog log) : IQueryHandler<GetEventQuery, AuditRecord>
{
    public async Task<AuditRecord> HandleAsync(GetEventQuery query, CancellationToken ct) =>
        (Guid.TryParseExact(query.EventId, "D", out var id) ? await log.FindAsync(id, ct) : null)
            ?? throw new CodedException(AuditErrors.EventNotFound, "There is no recorded event with this id.");
}
