using Kyc.Contracts;
using Kyc.Onboarding.Application.Cases;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Application;

/// <summary>Every domain event becomes the integration event of its contract, valid against the registry's schema.</summary>
public sealed class IntegrationEventTests
{
    [Fact]
    public void Every_event_of_a_whole_lifecycle_is_valid_against_its_schema()
    {
        var types = new List<string>();
        var @case = DomainCases.Open(null, DomainCases.Director(), DomainCases.Ubo(60), DomainCases.Shareholder(100));
        Check(@case, types);

        foreach (var change in new Action<OnboardingCase>[]
        {
            c => c.UpdateDetails(DomainCases.Company(legalName: "Müller & Töchter GmbH"), true, null, DomainCases.T0),
            c => c.AddParty(DomainCases.Ubo(40, "李小龙"), DomainCases.T0),
            c => c.UpdateParty(c.Parties[1].Id, DomainCases.Ubo(55), DomainCases.T0),
            c => c.RemoveParty(c.Parties[2].Id, DomainCases.T0),
            c => c.Submit(DomainCases.T0),
            c => c.StartReview(DomainCases.T0),
            c => c.RequestInfo("missing_documents", "Bitte Handelsregisterauszug nachreichen.", "ops-client", DomainCases.T0),
            c => c.Submit(DomainCases.T0),
            c => c.StartReview(DomainCases.T0),
            c => c.Decide(approve: false, "sanctions_hit", null, "ops-client", DomainCases.T0),
        })
        {
            // Each request loads the case afresh: only the events of this change are pending.
            @case = OnboardingCase.Restore(@case.Id, @case.PartnerId, @case.Company, @case.ExternalReference, @case.Status, @case.Parties,
                @case.Version, @case.CreatedAt, @case.UpdatedAt, @case.SubmittedAt, @case.InfoRequest, @case.Decision);
            change(@case);
            Check(@case, types);
        }

        Assert.Equal(
            [
                "case.created", "party.added", "party.added", "party.added", "case.updated", "party.added", "party.updated", "party.removed",
                "case.submitted", "case.review_started", "case.info_requested", "case.submitted", "case.review_started", "case.rejected",
            ],
            types);
    }

    private static void Check(OnboardingCase @case, List<string> types)
    {
        var events = IntegrationEvents.Of(@case);
        Assert.Equal(@case.PendingEvents.Count, events.Count);
        foreach (var e in events)
        {
            Assert.Empty(EventSchemaValidator.Validate(e.Data));
            Assert.Equal(@case.Id.ToString(), e.Data.CaseId);
            Assert.Equal(@case.Version, e.Data.Version);
            Assert.Equal("kyc.onboarding.events", e.Contract.Topic);
            types.Add(e.Contract.Type);
        }
    }
}
