using Kyc.Contracts.Onboarding;

namespace Kyc.Contracts.Tests;

/// <summary>One realistic payload per registered event, as the onboarding service would publish it.</summary>
internal static class Samples
{
    public const string CaseId = "eu-3f2b9c1e-7a4d-4e8b-9c61-0d5e2f7a8b90";
    public const string PartnerId = "partner-acme-bank";
    public const string PartyId = "8c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e";
    public static readonly DateTimeOffset OccurredAt = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    public static IReadOnlyDictionary<Type, object> ByDataType { get; } = new Dictionary<Type, object>
    {
        [typeof(CaseCreatedV1)] = new CaseCreatedV1(
            CaseId, PartnerId, 1, OccurredAt, "eu", CaseStatuses.Draft, "DE", EntityTypes.PrivateLimitedCompany, "crm-000123"),
        [typeof(CaseUpdatedV1)] = new CaseUpdatedV1(
            CaseId, PartnerId, 2, OccurredAt.AddMinutes(3), ["jurisdiction", "external_reference"], "AT",
            EntityTypes.PrivateLimitedCompany, null),
        [typeof(PartyAddedV1)] = new PartyAddedV1(
            CaseId, PartnerId, 3, OccurredAt.AddMinutes(5), PartyId, PartyTypes.NaturalPerson,
            [PartyRoles.Director, PartyRoles.Ubo], 37.5m),
        [typeof(PartyUpdatedV1)] = new PartyUpdatedV1(
            CaseId, PartnerId, 4, OccurredAt.AddMinutes(6), PartyId, PartyTypes.NaturalPerson, [PartyRoles.Director], null),
        [typeof(PartyRemovedV1)] = new PartyRemovedV1(CaseId, PartnerId, 5, OccurredAt.AddMinutes(7), PartyId),
        [typeof(CaseSubmittedV1)] = new CaseSubmittedV1(CaseId, PartnerId, 6, OccurredAt.AddHours(1), CaseStatuses.Draft),
        [typeof(CaseReviewStartedV1)] = new CaseReviewStartedV1(
            CaseId, PartnerId, 7, OccurredAt.AddHours(2), CaseStatuses.Submitted),
        [typeof(CaseInfoRequestedV1)] = new CaseInfoRequestedV1(
            CaseId, PartnerId, 8, OccurredAt.AddHours(3), "proof_of_address_missing", "kyc-operator-console"),
        [typeof(CaseApprovedV1)] = new CaseApprovedV1(
            CaseId, PartnerId, 9, OccurredAt.AddDays(1), "all_checks_passed", "kyc-operator-console"),
        [typeof(CaseRejectedV1)] = new CaseRejectedV1(
            CaseId, PartnerId, 9, OccurredAt.AddDays(1), "sanctions_match_confirmed", "kyc-operator-console"),
    };

    /// <summary>The registered CloudEvents types, as theory data.</summary>
    public static TheoryData<string> CloudEventTypes() => new(EventRegistry.All.Select(c => c.CloudEventType));
}
