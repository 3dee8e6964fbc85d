using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases;

/// <summary>What every change to an existing case starts with: its region, then the case locked, at the version the caller read.</summary>
public static class CaseChanges
{
    /// <summary>The region of an existing case: its id names it; a region this deployment does not serve has no cases.</summary>
    public static string RegionOf(this IResidencyPolicy residency, CaseId id) => residency.Regions.Contains(id.Region) ? id.Region : throw NotFound();

    /// <summary>The case, locked; another partner's is not found; 412 unless <paramref name="ifMatch"/> names its current version.</summary>
    public static async Task<OnboardingCase> LoadAsync(this ICaseSession cases, string? partnerId, CaseId id, IfMatch ifMatch, CancellationToken ct)
    {
        var @case = await cases.FindForUpdateAsync(partnerId, id, ct) ?? throw NotFound();
        ifMatch.Check(EntityTag.Of(@case.Version),
            $"The case has changed since the version you sent; it is now at version {@case.Version}. Read it again and retry.");
        return @case;
    }

    public static CodedException NotFound() => new(OnboardingErrors.CaseNotFound, "There is no case with this id.");
}
