namespace Kyc.Contracts.Onboarding;

// Payloads (CloudEvents data) of the onboarding case events, one record per event type and version; schemas in
// schemas/onboarding/. No personal data: names, dates of birth, document numbers, addresses and notes stay in
// the region's database; events carry ids, codes and enums only.

/// <summary><c>kyc.onboarding.case.created.v1</c>: an onboarding case was opened.</summary>
/// <param name="Region">The data-residency region holding the case (e.g. <c>eu</c>).</param>
/// <param name="Status">A <see cref="CaseStatuses"/> value.</param>
/// <param name="Jurisdiction">ISO 3166-1 alpha-2 country of incorporation.</param>
/// <param name="EntityType">An <see cref="EntityTypes"/> value.</param>
/// <param name="ExternalReference">The partner's own reference (≤100 characters), or null.</param>
public sealed record CaseCreatedV1(
    string CaseId,
    string PartnerId,
    int Version,
    DateTimeOffset OccurredAt,
    string Region,
    string Status,
    string Jurisdiction,
    string EntityType,
    string? ExternalReference) : IOnboardingEvent;

/// <summary><c>kyc.onboarding.case.updated.v1</c>: the company details of a case changed.</summary>
/// <param name="ChangedFields">Names (snake_case, as in the API) of the changed fields, never their values; at least one.</param>
/// <param name="Jurisdiction">ISO 3166-1 alpha-2 country of incorporation, after the change.</param>
/// <param name="EntityType">An <see cref="EntityTypes"/> value, after the change.</param>
/// <param name="ExternalReference">The partner's own reference after the change, or null.</param>
public sealed record CaseUpdatedV1(
    string CaseId,
    string PartnerId,
    int Version,
    DateTimeOffset OccurredAt,
    IReadOnlyList<string> ChangedFields,
    string Jurisdiction,
    string EntityType,
    string? ExternalReference) : IOnboardingEvent;

/// <summary><c>kyc.onboarding.case.submitted.v1</c>: the partner submitted the case for review.</summary>
/// <param name="PreviousStatus">The <see cref="CaseStatuses"/> value before the change.</param>
public sealed record CaseSubmittedV1(
    string CaseId,
    string PartnerId,
    int Version,
    DateTimeOffset OccurredAt,
    string PreviousStatus) : IOnboardingEvent;

/// <summary><c>kyc.onboarding.case.review_started.v1</c>: an operator started reviewing the case.</summary>
/// <param name="PreviousStatus">The <see cref="CaseStatuses"/> value before the change.</param>
public sealed record CaseReviewStartedV1(
    string CaseId,
    string PartnerId,
    int Version,
    DateTimeOffset OccurredAt,
    string PreviousStatus) : IOnboardingEvent;

/// <summary><c>kyc.onboarding.case.info_requested.v1</c>: an operator asked the partner for more information.</summary>
/// <param name="ReasonCode">A reason catalog code (<c>^[a-z][a-z0-9_]{1,49}$</c>), never free text.</param>
/// <param name="RequestedBy">The operator's client id (no spaces, no <c>@</c>: never a name or e-mail).</param>
public sealed record CaseInfoRequestedV1(
    string CaseId,
    string PartnerId,
    int Version,
    DateTimeOffset OccurredAt,
    string ReasonCode,
    string RequestedBy) : IOnboardingEvent;

/// <summary><c>kyc.onboarding.case.approved.v1</c>: the case was approved.</summary>
/// <param name="ReasonCode">A reason catalog code, never free text.</param>
/// <param name="DecidedBy">The operator's client id (never a name or e-mail).</param>
public sealed record CaseApprovedV1(
    string CaseId,
    string PartnerId,
    int Version,
    DateTimeOffset OccurredAt,
    string ReasonCode,
    string DecidedBy) : IOnboardingEvent;

/// <summary><c>kyc.onboarding.case.rejected.v1</c>: the case was rejected.</summary>
/// <param name="ReasonCode">A reason catalog code, never free text.</param>
/// <param name="DecidedBy">The operator's client id (never a name or e-mail).</param>
public sealed record CaseRejectedV1(
    string CaseId,
    string PartnerId,
    int Version,
    DateTimeOffset OccurredAt,
    string ReasonCode,
    string DecidedBy) : IOnboardingEvent;
