using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases.SubmitCase;

/// <summary>The partner hands a complete draft (or a case whose requested information it added) to review.</summary>
public sealed record SubmitCaseCommand(string PartnerId, CaseId CaseId, IfMatch IfMatch);

public sealed class SubmitCaseHandler(IResidencyPolicy residency, TimeProvider clock) : ICommandHandler<SubmitCaseCommand, ICaseSession, OnboardingCase>
{
    public string? PartitionOf(SubmitCaseCommand command) => residency.RegionOf(command.CaseId);

    public async Task<OnboardingCase> HandleAsync(SubmitCaseCommand command, ICaseSession cases, CancellationToken ct)
    {
        var @case = await cases.LoadAsync(command.PartnerId, command.CaseId, command.IfMatch, ct);
        @case.Submit(clock.Now());
        return @case;
    }
}
