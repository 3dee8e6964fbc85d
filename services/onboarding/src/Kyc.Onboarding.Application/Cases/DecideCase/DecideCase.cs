using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Cases.DecideCase;

/// <summary>An operator approves or rejects a case in review, with a reason code and an optional note.</summary>
public sealed record DecideCaseCommand(CaseId CaseId, string OperatorId, int? ExpectedVersion, string? Outcome, string? ReasonCode, string? Note);

public sealed class DecideCaseHandler(TimeProvider clock)
{
    public Task<OnboardingCase> HandleAsync(DecideCaseCommand command, IOnboardingUnitOfWork uow, CancellationToken ct)
    {
        Validation.All(
            () =>
            {
                if (command.Outcome is not ("approved" or "rejected"))
                    throw Validation.Failed(new Dictionary<string, string[]> { ["outcome"] = ["Must be approved or rejected."] });
            },
            () => OperatorNotes.Validate(command.ReasonCode, command.Note));
        return CaseChanges.ApplyAsync(uow, null, command.CaseId, command.ExpectedVersion,
            c => c.Decide(command.Outcome == "approved", command.ReasonCode!, command.Note, command.OperatorId, clock.Now()), ct);
    }
}
