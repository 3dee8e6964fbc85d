using FluentValidation;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases.CreateCase;

public sealed record CreateCaseCommand(string PartnerId, CompanyInput? Company, string? ExternalReference, IReadOnlyList<PartyInput>? Parties);

public sealed class CreateCaseValidator : AbstractValidator<CreateCaseCommand>
{
    public CreateCaseValidator(TimeProvider clock)
    {
        RuleFor(c => c.Company).NotNull().WithMessage("Required.").SetValidator(new CompanyInputValidator(clock)!);
        RuleFor(c => c.ExternalReference).MustBeExternalReference();
        RuleFor(c => c.Parties).Must(p => p is null || p.Count <= OnboardingCase.MaxParties).WithMessage($"At most {OnboardingCase.MaxParties} parties.");
        RuleForEach(c => c.Parties).Cascade(CascadeMode.Continue).NotNull().WithMessage("Required.").SetValidator(new PartyInputValidator(clock));
    }
}

/// <summary>Opens a case in the data region of the company's jurisdiction, with any parties given.</summary>
public sealed class CreateCaseHandler(IResidencyPolicy residency, TimeProvider clock) : ICommandHandler<CreateCaseCommand, ICaseSession, OnboardingCase>
{
    public string? PartitionOf(CreateCaseCommand command)
    {
        var jurisdiction = command.Company!.Jurisdiction!;
        return residency.RegionFor(jurisdiction) ?? throw new CodedException(OnboardingErrors.JurisdictionNotServed,
            $"Companies of jurisdiction {jurisdiction} cannot be onboarded: no data region serves it (config/data-residency.yaml).");
    }

    public Task<OnboardingCase> HandleAsync(CreateCaseCommand command, ICaseSession cases, CancellationToken ct)
    {
        var @case = OnboardingCase.Open(CaseId.New(cases.Region), command.PartnerId, command.Company!.ToDomain(), command.ExternalReference,
            (command.Parties ?? []).Select(p => p.ToDomain()), clock.Now());
        cases.Add(@case);
        return Task.FromResult(@case);
    }
}
