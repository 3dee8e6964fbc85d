using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Cases.SubmitCase;

/// <summary>The partner hands a complete draft (or a case whose requested information it added) to review.</summary>
public sealed record SubmitCaseCommand(string PartnerId, CaseId CaseId, int? ExpectedVersion);

public sealed class SubmitCaseHandler(TimeProvider clock)
{
    public Task<OnboardingCase> HandleAsync(SubmitCaseCommand command, IOnboardingUnitOfWork uow, CancellationToken ct) =>
        CaseChanges.ApplyAsync(uow, command.PartnerId, command.CaseId, command.ExpectedVersion, c => c.Submit(clock.Now()), ct);
}
