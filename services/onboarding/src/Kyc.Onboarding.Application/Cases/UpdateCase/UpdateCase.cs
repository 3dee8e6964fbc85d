using FluentValidation;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases.UpdateCase;

/// <summary>Replaces the company details and/or the external reference (each only when given).</summary>
public sealed record UpdateCaseCommand(string PartnerId, CaseId CaseId, IfMatch IfMatch, CompanyInput? Company,
    bool SetExternalReference, string? ExternalReference);

public sealed class UpdateCaseValidator : AbstractValidator<UpdateCaseCommand>
{
    public UpdateCaseValidator(TimeProvider clock)
    {
        RuleFor(c => c.Company!).SetValidator(new CompanyInputValidator(clock)).When(c => c.Company is not null);
        RuleFor(c => c.ExternalReference).MustBeExternalReference();
    }
}

public sealed class UpdateCaseHandler(IResidencyPolicy residency, TimeProvider clock) : ICommandHandler<UpdateCaseCommand, ICaseSession, OnboardingCase>
{
    public string? PartitionOf(UpdateCaseCommand command)
    {
        var region = residency.RegionOf(command.CaseId);
        if (command.Company?.Jurisdiction is { } jurisdiction && residency.RegionFor(jurisdiction) is var target && target != region)
            throw new CodedException(OnboardingErrors.CrossRegionMoveRefused,
                $"The case is stored in region {region}; jurisdiction {jurisdiction} belongs to {target ?? "no served region"}. " +
                "Cases never move between regions: open a new case for the new jurisdiction.");
        return region;
    }

    public async Task<OnboardingCase> HandleAsync(UpdateCaseCommand command, ICaseSession cases, CancellationToken ct)
    {
        var @case = await cases.LoadAsync(command.PartnerId, command.CaseId, command.IfMatch, ct);
        @case.UpdateDetails(command.Company?.ToDomain(), command.SetExternalReference, command.ExternalReference, clock.Now());
        return @case;
    }
}
