using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Common;

namespace Kyc.Onboarding.Application.Cases;

/// <summary>The shape every change to an existing case takes: load it locked, check the caller's version, change, store.</summary>
public static class CaseChanges
{
    public static async Task<OnboardingCase> ApplyAsync(IOnboardingUnitOfWork uow, string? partnerId, CaseId id, int? expectedVersion,
        Action<OnboardingCase> change, CancellationToken ct)
    {
        var @case = await uow.FindForUpdateAsync(partnerId, id, ct) ?? throw NotFound();
        if (expectedVersion is { } expected && expected != @case.Version)
            throw new UseCaseException(UseCaseErrors.PreconditionFailed,
                $"The case has changed since version {expected}; it is now at version {@case.Version}. Read it again and retry.");
        var loadedVersion = @case.Version;
        try
        {
            change(@case);
        }
        catch (DomainException e)
        {
            throw new UseCaseException(e.Code, e.Message, e.Errors);
        }
        if (@case.Version != loadedVersion) await uow.UpdateAsync(@case, loadedVersion, ct);
        return @case;
    }

    public static UseCaseException NotFound() => new(UseCaseErrors.CaseNotFound, "There is no case with this id.");

    public static void ValidateExternalReference(string? value)
    {
        if (value is null) return;
        if (value.Length is 0 or > 100 || !TextRules.ExternalReference().IsMatch(value))
            throw Validation.Failed(new Dictionary<string, string[]>
            {
                ["external_reference"] = ["1 to 100 characters: letters, digits and . _ : / -"],
            });
    }
}
