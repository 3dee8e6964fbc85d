using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Cases.RemoveParty;

public sealed record RemovePartyCommand(string PartnerId, CaseId CaseId, Guid PartyId, int? ExpectedVersion);

public sealed class RemovePartyHandler(TimeProvider clock)
{
    public Task<OnboardingCase> HandleAsync(RemovePartyCommand command, IOnboardingUnitOfWork uow, CancellationToken ct) =>
        CaseChanges.ApplyAsync(uow, command.PartnerId, command.CaseId, command.ExpectedVersion,
            c => c.RemoveParty(command.PartyId, clock.Now()), ct);
}
