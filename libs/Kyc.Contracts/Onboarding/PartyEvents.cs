namespace Kyc.Contracts.Onboarding;

// Payloads of the onboarding party events. A party is identified by its id only: its name, date of birth,
// nationality, documents and address never leave the region's database.

/// <summary><c>kyc.onboarding.party.added.v1</c>: a party was added to a case.</summary>
/// <param name="PartyId">Lowercase UUID of the party.</param>
/// <param name="PartyType">A <see cref="PartyTypes"/> value.</param>
/// <param name="Roles">Distinct <see cref="PartyRoles"/> values; at least one.</param>
/// <param name="OwnershipPercentage">0 to 100, or null when not applicable or unknown.</param>
public sealed record PartyAddedV1(
    string CaseId,
    string PartnerId,
    int Version,
    DateTimeOffset OccurredAt,
    string PartyId,
    string PartyType,
    IReadOnlyList<string> Roles,
    decimal? OwnershipPercentage) : IOnboardingEvent;

/// <summary><c>kyc.onboarding.party.updated.v1</c>: a party of a case changed (its state after the change).</summary>
/// <param name="PartyId">Lowercase UUID of the party.</param>
/// <param name="PartyType">A <see cref="PartyTypes"/> value.</param>
/// <param name="Roles">Distinct <see cref="PartyRoles"/> values; at least one.</param>
/// <param name="OwnershipPercentage">0 to 100, or null when not applicable or unknown.</param>
public sealed record PartyUpdatedV1(
    string CaseId,
    string PartnerId,
    int Version,
    DateTimeOffset OccurredAt,
    string PartyId,
    string PartyType,
    IReadOnlyList<string> Roles,
    decimal? OwnershipPercentage) : IOnboardingEvent;

/// <summary><c>kyc.onboarding.party.removed.v1</c>: a party was removed from a case.</summary>
/// <param name="PartyId">Lowercase UUID of the party.</param>
public sealed record PartyRemovedV1(
    string CaseId,
    string PartnerId,
    int Version,
    DateTimeOffset OccurredAt,
    string PartyId) : IOnboardingEvent;
