using FluentValidation;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases.DecideCase;

/// <summary>An operator approves or rejects a case in review, with a reason code and an optional note.</summary>
public sealed record DecideCaseCommand(CaseId CaseId, string OperatorId, IfMatch IfMatch, string? Outcome, string? ReasonCode, string? Note)
    : IOperatorNote;

public sealed class DecideCaseValidator : OperatorNoteValidator<DecideCaseCommand>
{
    public DecideCaseValidator() =>
        RuleFor(c => c.Outcome).Must(Wire.IsName<DecisionOutcome>).WithMessage($"Must be {string.Join(" or ", Wire.Names<DecisionOutcome>())}.");
}

public sealed class DecideCaseHandler(IResidencyPolicy residency, TimeProvider clock) : ICommandHandler<DecideCaseCommand, ICaseSession, OnboardingCase>
{
    public string? PartitionOf(DecideCaseCommand command) => residency.RegionOf(command.CaseId);

    public async Task<OnboardingCase> HandleAsync(DecideCaseCommand command, ICaseSession cases, CancellationToken ct)
    {
        var @case = await cases.LoadAsync(null, command.CaseId, command.IfMatch, ct);
        @case.Decide(Wire.Parse<DecisionOutcome>(command.Outcome!) == DecisionOutcome.Approved, command.ReasonCode!, command.Note, command.OperatorId, clock.Now());
        return @case;
    }
}
