using Kyc.Web.Problems;

namespace Kyc.Onboarding.Api;

/// <summary>The onboarding service's error codes (docs/api/error-catalog.md), in addition to Kyc.Web's base codes.</summary>
public static class OnboardingErrors
{
    public static readonly IReadOnlyList<ErrorDefinition> All =
    [
        new("case_not_found", 404, "Case not found"),
        new("party_not_found", 404, "Party not found"),
        new("illegal_transition", 409, "Illegal status transition"),
        new("case_not_editable", 409, "Case not editable"),
        new("case_incomplete", 422, "Case incomplete"),
        new("ownership_exceeds_100", 422, "Ownership exceeds 100 percent"),
        new("too_many_parties", 422, "Too many parties"),
        new("jurisdiction_not_served", 422, "Jurisdiction not served"),
        new("cross_region_move_refused", 422, "Data cannot move between regions"),
        new("precondition_required", 428, "If-Match required"),
        new("precondition_failed", 412, "Version mismatch"),
        new("idempotency_key_required", 400, "Idempotency-Key required"),
        new("idempotency_key_invalid", 400, "Idempotency-Key invalid"),
        new("idempotency_key_reused", 422, "Idempotency-Key reused with another request"),
    ];
}
