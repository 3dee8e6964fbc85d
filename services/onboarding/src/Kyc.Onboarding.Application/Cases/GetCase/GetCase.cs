using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases.GetCase;

/// <summary>A case; <paramref name="PartnerId"/> null only for operators (any partner's case).</summary>
public sealed record GetCaseQuery(string? PartnerId, CaseId CaseId);

public sealed class GetCaseHandler(ICaseQueries queries) : IQueryHandler<GetCaseQuery, OnboardingCase>
{
    /// <summary>The partner's case; another partner's case is reported exactly like a missing one.</summary>
    public async Task<OnboardingCase> HandleAsync(GetCaseQuery query, CancellationToken ct) =>
        await queries.FindAsync(query.PartnerId, query.CaseId, ct) ?? throw CaseChanges.NotFound();
}
