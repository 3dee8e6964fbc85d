using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases.RequestInfo;

/// <summary>An operator sends a case in review back to the partner for more information.</summary>
public sealed record RequestInfoCommand(CaseId CaseId, string OperatorId, IfMatch IfMatch, string? ReasonCode, string? Note) : IOperatorNote;

public sealed class RequestInfoValidator : OperatorNoteValidator<RequestInfoCommand>;

public sealed class RequestInfoHandler(IResidencyPolicy residency, TimeProvider clock) : ICommandHandler<RequestInfoCommand, ICaseSession, OnboardingCase>
{
    public string? PartitionOf(RequestInfoCommand command) => residency.RegionOf(command.CaseId);

    public async Task<OnboardingCase> HandleAsync(RequestInfoCommand command, ICaseSession cases, CancellationToken ct)
    {
        var @case = await cases.LoadAsync(null, command.CaseId, command.IfMatch, ct);
        @case.RequestInfo(command.ReasonCode!, command.Note, command.OperatorId, clock.Now());
        return @case;
    }
}
