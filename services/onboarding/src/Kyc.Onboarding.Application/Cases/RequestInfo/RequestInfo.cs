using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Cases.RequestInfo;

/// <summary>An operator sends a case in review back to the partner for more information.</summary>
public sealed record RequestInfoCommand(CaseId CaseId, string OperatorId, int? ExpectedVersion, string? ReasonCode, string? Note);

public sealed class RequestInfoHandler(TimeProvider clock)
{
    public Task<OnboardingCase> HandleAsync(RequestInfoCommand command, IOnboardingUnitOfWork uow, CancellationToken ct)
    {
        OperatorNotes.Validate(command.ReasonCode, command.Note);
        return CaseChanges.ApplyAsync(uow, null, command.CaseId, command.ExpectedVersion,
            c => c.RequestInfo(command.ReasonCode!, command.Note, command.OperatorId, clock.Now()), ct);
    }
}
