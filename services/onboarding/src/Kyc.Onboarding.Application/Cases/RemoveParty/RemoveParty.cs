using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases.RemoveParty;

public sealed record RemovePartyCommand(string PartnerId, CaseId CaseId, Guid PartyId, IfMatch IfMatch);

public sealed class RemovePartyHandler(IResidencyPolicy residency, TimeProvider clock) : ICommandHandler<RemovePartyCommand, ICaseSession, OnboardingCase>
{
    public string? PartitionOf(RemovePartyCommand command) => residency.RegionOf(command.CaseId);

    public async Task<OnboardingCase> HandleAsync(RemovePartyCommand command, ICaseSession cases, CancellationToken ct)
    {
        var @case = await cases.LoadAsync(command.PartnerId, command.CaseId, command.IfMatch, ct);
        @case.RemoveParty(command.PartyId, clock.Now());
        return @case;
    }
}
