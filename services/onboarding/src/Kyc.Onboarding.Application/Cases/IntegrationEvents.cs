using Kyc.Contracts;
using Kyc.Contracts.Onboarding;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Parties;
using Kyc.SharedKernel;

namespace Kyc.Onboarding.Application.Cases;

/// <summary>An integration event to publish, with its contract (type, topic, schema).</summary>
public sealed record OutgoingEvent(EventContract Contract, IOnboardingEvent Data);

/// <summary>
/// Turns the domain events a case raised into the integration events of Kyc.Contracts (no personal data in them); the
/// command pipeline writes them to the outbox with the case.
/// </summary>
public sealed class IntegrationEvents : IIntegrationEvents
{
    IReadOnlyList<IntegrationEvent> IIntegrationEvents.Of(object aggregate) => aggregate is OnboardingCase c
        ? [.. Of(c).Select(e => new IntegrationEvent(e.Data, e.Data.CaseId, e.Data.PartnerId, e.Data.OccurredAt))]
        : [];

    public static IReadOnlyList<OutgoingEvent> Of(OnboardingCase c)
    {
        var id = c.Id.ToString();
        var at = c.UpdatedAt;
        return [.. c.PendingEvents.Select(e => Wrap(e switch
        {
            CaseCreated => new CaseCreatedV1(id, c.PartnerId, c.Version, at, c.Id.Region, Wire.Name(c.Status), c.Company.Jurisdiction,
                Wire.Name(c.Company.EntityType), c.ExternalReference),
            CaseUpdated u => new CaseUpdatedV1(id, c.PartnerId, c.Version, at, u.ChangedFields, c.Company.Jurisdiction,
                Wire.Name(c.Company.EntityType), c.ExternalReference),
            PartyAdded p => new PartyAddedV1(id, c.PartnerId, c.Version, at, p.Party.Id.ToString(), Wire.Name(p.Party.Details.Type),
                RoleNames(p.Party), p.Party.Details.OwnershipPercentage),
            PartyUpdated p => new PartyUpdatedV1(id, c.PartnerId, c.Version, at, p.Party.Id.ToString(), Wire.Name(p.Party.Details.Type),
                RoleNames(p.Party), p.Party.Details.OwnershipPercentage),
            PartyRemoved p => new PartyRemovedV1(id, c.PartnerId, c.Version, at, p.PartyId.ToString()),
            CaseSubmitted s => new CaseSubmittedV1(id, c.PartnerId, c.Version, at, Wire.Name(s.PreviousStatus)),
            ReviewStarted s => new CaseReviewStartedV1(id, c.PartnerId, c.Version, at, Wire.Name(s.PreviousStatus)),
            InfoRequested r => new CaseInfoRequestedV1(id, c.PartnerId, c.Version, at, r.Request.ReasonCode, r.Request.By),
            CaseApproved d => new CaseApprovedV1(id, c.PartnerId, c.Version, at, d.Decision.ReasonCode, d.Decision.By),
            CaseRejected d => new CaseRejectedV1(id, c.PartnerId, c.Version, at, d.Decision.ReasonCode, d.Decision.By),
            _ => throw new InvalidOperationException($"No integration event for {e.GetType().Name}."),
        }))];
    }

    private static OutgoingEvent Wrap(IOnboardingEvent data) => new(EventRegistry.For(data.GetType()), data);

    private static IReadOnlyList<string> RoleNames(Party p) => [.. p.Details.Roles.Select(Wire.Name)];
}
