using FluentValidation;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Cases.UpdateCase;

/// <summary>Replaces the company details and/or the external reference (each only when given).</summary>
public sealed record UpdateCaseCommand(string PartnerId, CaseId CaseId, int? ExpectedVersion, CompanyInput? Company,
    bool SetExternalReference, string? ExternalReference);

public sealed class UpdateCaseHandler(IValidator<CompanyInput> companyValidator, IResidencyPolicy residency, TimeProvider clock)
{
    public Task<OnboardingCase> HandleAsync(UpdateCaseCommand command, IOnboardingUnitOfWork uow, CancellationToken ct)
    {
        Validation.All(
            () => { if (command.Company is not null) companyValidator.EnsureValid(command.Company, "company"); },
            () => CaseChanges.ValidateExternalReference(command.ExternalReference));
        if (command.Company?.Jurisdiction is { } jurisdiction)
        {
            var region = residency.RegionFor(jurisdiction);
            if (region != command.CaseId.Region)
                throw new UseCaseException(UseCaseErrors.CrossRegionMoveRefused,
                    $"The case is stored in region {command.CaseId.Region}; jurisdiction {jurisdiction} belongs to " +
                    $"{region ?? "no served region"}. Cases never move between regions: open a new case for the new jurisdiction.");
        }
        return CaseChanges.ApplyAsync(uow, command.PartnerId, command.CaseId, command.ExpectedVersion,
            c => c.UpdateDetails(command.Company?.ToDomain(), command.SetExternalReference, command.ExternalReference, clock.Now()), ct);
    }
}
