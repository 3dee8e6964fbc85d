using Kyc.Audit.Application.Common;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Log;

namespace Kyc.Audit.Application.Events;

public sealed class GetEventHandler(IAuditLog log)
{
    public async Task<AuditRecord> HandleAsync(string eventId, CancellationToken ct)
    {
        if (!Guid.TryParseExact(eventId, "D", out var id))
            throw new UseCaseException(UseCaseErrors.EventNotFound, "There is no recorded event with this id.");
        return await log.FindAsync(id, ct) ?? throw new UseCaseException(UseCaseErrors.EventNotFound, "There is no recorded event with this id.");
    }
}
