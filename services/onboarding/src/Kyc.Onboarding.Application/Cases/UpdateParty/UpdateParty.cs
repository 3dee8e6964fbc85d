using FluentValidation;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Cases.UpdateParty;

/// <summary>Replaces everything known about one party.</summary>
public sealed record UpdatePartyCommand(string PartnerId, CaseId CaseId, Guid PartyId, int? ExpectedVersion, PartyInput? Party);

public sealed class UpdatePartyHandler(IValidator<PartyInput> validator, TimeProvider clock)
{
    public Task<OnboardingCase> HandleAsync(UpdatePartyCommand command, IOnboardingUnitOfWork uow, CancellationToken ct)
    {
        validator.EnsureValid(command.Party, "party");
        return CaseChanges.ApplyAsync(uow, command.PartnerId, command.CaseId, command.ExpectedVersion,
            c => c.UpdateParty(command.PartyId, command.Party!.ToDomain(), clock.Now()), ct);
    }
}
