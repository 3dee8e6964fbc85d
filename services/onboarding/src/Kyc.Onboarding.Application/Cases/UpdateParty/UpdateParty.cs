using FluentValidation;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Parties;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases.UpdateParty;

/// <summary>Replaces everything known about one party.</summary>
public sealed record UpdatePartyCommand(string PartnerId, CaseId CaseId, Guid PartyId, IfMatch IfMatch, PartyInput? Party);

public sealed class UpdatePartyValidator : AbstractValidator<UpdatePartyCommand>
{
    public UpdatePartyValidator(TimeProvider clock) =>
        RuleFor(c => c.Party).NotNull().WithMessage("Required.").SetValidator(new PartyInputValidator(clock)!);
}

public sealed class UpdatePartyHandler(IResidencyPolicy residency, TimeProvider clock) : ICommandHandler<UpdatePartyCommand, ICaseSession, Party>
{
    public string? PartitionOf(UpdatePartyCommand command) => residency.RegionOf(command.CaseId);

    public async Task<Party> HandleAsync(UpdatePartyCommand command, ICaseSession cases, CancellationToken ct)
    {
        var @case = await cases.LoadAsync(command.PartnerId, command.CaseId, command.IfMatch, ct);
        return @case.UpdateParty(command.PartyId, command.Party!.ToDomain(), clock.Now());
    }
}
