using FluentValidation;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Common;

namespace Kyc.Onboarding.Application.Cases.CreateCase;

public sealed record CreateCaseCommand(string PartnerId, CompanyInput? Company, string? ExternalReference, IReadOnlyList<PartyInput>? Parties);

/// <summary>Opens a case in the data region of the company's jurisdiction, with any parties given.</summary>
public sealed class CreateCaseHandler(IValidator<CompanyInput> companyValidator, IValidator<PartyInput> partyValidator,
    IResidencyPolicy residency, TimeProvider clock)
{
    /// <summary>Validates the command and names the region whose database will store the case.</summary>
    public string ValidateAndPickRegion(CreateCaseCommand command)
    {
        var parties = command.Parties ?? [];
        Validation.All([
            () => companyValidator.EnsureValid(command.Company, "company"),
            () => CaseChanges.ValidateExternalReference(command.ExternalReference),
            () =>
            {
                if (parties.Count > OnboardingCase.MaxParties)
                    throw Validation.Failed(new Dictionary<string, string[]> { ["parties"] = [$"At most {OnboardingCase.MaxParties} parties."] });
            },
            .. parties.Select((party, i) => (Action)(() => partyValidator.EnsureValid(party, $"parties[{i}]"))),
        ]);
        var jurisdiction = command.Company!.Jurisdiction!;
        return residency.RegionFor(jurisdiction) ?? throw new UseCaseException(UseCaseErrors.JurisdictionNotServed,
            $"Companies of jurisdiction {jurisdiction} cannot be onboarded: no data region serves it (config/data-residency.yaml).");
    }

    public async Task<OnboardingCase> ExecuteAsync(CreateCaseCommand command, IOnboardingUnitOfWork uow, CancellationToken ct)
    {
        OnboardingCase @case;
        try
        {
            @case = OnboardingCase.Open(CaseId.New(uow.Region), command.PartnerId, command.Company!.ToDomain(), command.ExternalReference,
                (command.Parties ?? []).Select(p => p.ToDomain()), clock.Now());
        }
        catch (DomainException e)
        {
            throw new UseCaseException(e.Code, e.Message, e.Errors);
        }
        await uow.InsertAsync(@case, ct);
        return @case;
    }
}
