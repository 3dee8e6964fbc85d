using Kyc.Onboarding.Application.Cases;

namespace Kyc.Onboarding.Api.Endpoints;

public sealed record CreateCaseRequest(CompanyInput? Company, string? ExternalReference, IReadOnlyList<PartyInput>? Parties);

/// <summary>PATCH body: each top-level field given replaces the stored one; <c>company</c> is replaced as a whole.</summary>
public sealed record UpdateCaseRequest(CompanyInput? Company, string? ExternalReference);

public sealed record RequestInfoRequest(string? ReasonCode, string? Note);

public sealed record DecisionRequest(string? Outcome, string? ReasonCode, string? Note);

public sealed record PageLinks(string Self, string? Next, string? Prev);

public sealed record CaseListResponse(IReadOnlyList<CaseSummaryView> Items, int Page, int PageSize, long Total, PageLinks Links);
