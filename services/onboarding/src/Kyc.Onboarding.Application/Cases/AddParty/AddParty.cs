using FluentValidation;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Parties;

namespace Kyc.Onboarding.Application.Cases.AddParty;

public sealed record AddPartyCommand(string PartnerId, CaseId CaseId, int? ExpectedVersion, PartyInput? Party);

public sealed class AddPartyHandler(IValidator<PartyInput> validator, TimeProvider clock)
{
    public void Validate(AddPartyCommand command) => validator.EnsureValid(command.Party, "party");

    public async Task<(OnboardingCase Case, Party Party)> ExecuteAsync(AddPartyCommand command, IOnboardingUnitOfWork uow, CancellationToken ct)
    {
        Party? added = null;
        var @case = await CaseChanges.ApplyAsync(uow, command.PartnerId, command.CaseId, command.ExpectedVersion,
            c => added = c.AddParty(command.Party!.ToDomain(), clock.Now()), ct);
        return (@case, added!);
    }
}
