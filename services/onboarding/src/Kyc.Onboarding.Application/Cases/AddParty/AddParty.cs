using FluentValidation;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Parties;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases.AddParty;

public sealed record AddPartyCommand(string PartnerId, CaseId CaseId, IfMatch IfMatch, PartyInput? Party);

public sealed class AddPartyValidator : AbstractValidator<AddPartyCommand>
{
    public AddPartyValidator(TimeProvider clock) =>
        RuleFor(c => c.Party).NotNull().WithMessage("Required.").SetValidator(new PartyInputValidator(clock)!);
}

public sealed class AddPartyHandler(IResidencyPolicy residency, TimeProvider clock) : ICommandHandler<AddPartyCommand, ICaseSession, (OnboardingCase Case, Party Party)>
{
    public string? PartitionOf(AddPartyCommand command) => residency.RegionOf(command.CaseId);

    public async Task<(OnboardingCase Case, Party Party)> HandleAsync(AddPartyCommand command, ICaseSession cases, CancellationToken ct)
    {
        var @case = await cases.LoadAsync(command.PartnerId, command.CaseId, command.IfMatch, ct);
        return (@case, @case.AddParty(command.Party!.ToDomain(), clock.Now()));
    }
}
