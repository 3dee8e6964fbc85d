using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Cases.GetCase;

public sealed class GetCaseHandler(ICaseQueries queries)
{
    /// <summary>
    /// The partner's case; another partner's case is reported exactly like a missing one. <paramref name="partnerId"/> is
    /// null only for operators.
    /// </summary>
    public async Task<OnboardingCase> HandleAsync(string? partnerId, CaseId id, CancellationToken ct) =>
        await queries.FindAsync(partnerId, id, ct) ?? throw CaseChanges.NotFound();
}
