using Kyc.SharedKernel;

namespace Kyc.Onboarding.Domain;

/// <summary>
/// The onboarding service's error codes (docs/api/error-catalog.md), beside Kyc.Web's and the command pipeline's. Refusals
/// to place a case's data in a region are logged (data-protection record).
/// </summary>
public static class OnboardingErrors
{
    public static readonly ErrorDefinition CaseNotFound = new("case_not_found", 404, "Case not found");
    public static readonly ErrorDefinition PartyNotFound = new("party_not_found", 404, "Party not found");
    public static readonly ErrorDefinition IllegalTransition = new("illegal_transition", 409, "Illegal status transition");
    public static readonly ErrorDefinition CaseNotEditable = new("case_not_editable", 409, "Case not editable");
    public static readonly ErrorDefinition CaseIncomplete = new("case_incomplete", 422, "Case incomplete");
    public static readonly ErrorDefinition OwnershipExceeded = new("ownership_exceeds_100", 422, "Ownership exceeds 100 percent");
    public static readonly ErrorDefinition TooManyParties = new("too_many_parties", 422, "Too many parties");
    public static readonly ErrorDefinition JurisdictionNotServed = new("jurisdiction_not_served", 422, "Jurisdiction not served") { LogRefusals = true };
    public static readonly ErrorDefinition CrossRegionMoveRefused = new("cross_region_move_refused", 422, "Data cannot move between regions") { LogRefusals = true };

    public static IReadOnlyList<ErrorDefinition> All { get; } =
    [
        CaseNotFound, PartyNotFound, IllegalTransition, CaseNotEditable, CaseIncomplete, OwnershipExceeded, TooManyParties,
        JurisdictionNotServed, CrossRegionMoveRefused,
    ];
}
