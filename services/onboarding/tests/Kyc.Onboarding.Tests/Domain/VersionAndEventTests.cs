using Kyc.Onboarding.Domain.Parties;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Domain;

/// <summary>Every change bumps the version exactly once and raises its events, in order; no change, no bump.</summary>
public sealed class VersionAndEventTests
{
    [Fact]
    public void Opening_a_case_is_version_1_and_raises_created_then_one_party_added_per_party_in_order()
    {
        var @case = DomainCases.Open(null, DomainCases.Director(), DomainCases.Ubo(60), DomainCases.Ubo(40, "李小龙"));

        Assert.Equal(1, @case.Version);
        Assert.Equal(CaseStatus.Draft, @case.Status);
        Assert.Collection(@case.PendingEvents,
            e => Assert.IsType<CaseCreated>(e),
            e => Assert.Equal(@case.Parties[0], Assert.IsType<PartyAdded>(e).Party),
            e => Assert.Equal(@case.Parties[1], Assert.IsType<PartyAdded>(e).Party),
            e => Assert.Equal(@case.Parties[2], Assert.IsType<PartyAdded>(e).Party));
    }

    [Fact]
    public void Each_change_bumps_the_version_once_and_appends_its_event()
    {
        var @case = DomainCases.CompleteDraft();
        var t = DomainCases.T0;

        @case.UpdateDetails(DomainCases.Company(legalName: "Müller & Töchter GmbH", registrationNumber: "HRB 654321"), true, "ref-2", t.AddMinutes(1));
        Assert.Equal(2, @case.Version);
        var added = @case.AddParty(DomainCases.Director("李小龙"), t.AddMinutes(2));
        Assert.Equal(3, @case.Version);
        @case.UpdateParty(added.Id, DomainCases.Person("李小龙", null, PartyRole.Director, PartyRole.Signatory), t.AddMinutes(3));
        Assert.Equal(4, @case.Version);
        @case.RemoveParty(added.Id, t.AddMinutes(4));
        Assert.Equal(5, @case.Version);
        @case.Submit(t.AddMinutes(5));
        @case.StartReview(t.AddMinutes(6));
        @case.RequestInfo("missing_documents", null, "ops-client", t.AddMinutes(7));
        @case.Submit(t.AddMinutes(8));
        @case.StartReview(t.AddMinutes(9));
        @case.Decide(approve: true, "all_checks_passed", "Looks good.", "ops-client", t.AddMinutes(10));

        Assert.Equal(11, @case.Version);
        Assert.Equal(t.AddMinutes(10), @case.UpdatedAt);
        Assert.Equal(t.AddMinutes(8), @case.SubmittedAt);
        Assert.Equal(
            [
                typeof(CaseCreated), typeof(PartyAdded), typeof(PartyAdded), typeof(CaseUpdated), typeof(PartyAdded), typeof(PartyUpdated),
                typeof(PartyRemoved), typeof(CaseSubmitted), typeof(ReviewStarted), typeof(InfoRequested), typeof(CaseSubmitted),
                typeof(ReviewStarted), typeof(CaseApproved),
            ],
            @case.PendingEvents.Select(e => e.GetType()));
        Assert.Equal(["company.legal_name", "company.registration_number", "external_reference"],
            Assert.IsType<CaseUpdated>(@case.PendingEvents[3]).ChangedFields);
        Assert.Equal(added.Id, Assert.IsType<PartyRemoved>(@case.PendingEvents[6]).PartyId);
        Assert.Equal(CaseStatus.InfoRequested, Assert.IsType<CaseSubmitted>(@case.PendingEvents[10]).PreviousStatus);
    }

    [Fact]
    public void Details_that_do_not_change_anything_neither_bump_the_version_nor_raise_an_event()
    {
        var @case = DomainCases.CompleteDraft();

        @case.UpdateDetails(DomainCases.Company(), true, "ref-1", DomainCases.T0.AddHours(1));
        @case.UpdateDetails(null, false, null, DomainCases.T0.AddHours(1));

        Assert.Equal(1, @case.Version);
        Assert.Equal(DomainCases.T0, @case.UpdatedAt);
        Assert.Equal(3, @case.PendingEvents.Count);
    }

    [Fact]
    public void Clearing_the_external_reference_is_a_change()
    {
        var @case = DomainCases.CompleteDraft();

        @case.UpdateDetails(null, true, null, DomainCases.T0.AddHours(1));

        Assert.Null(@case.ExternalReference);
        Assert.Equal(2, @case.Version);
        Assert.Equal(["external_reference"], Assert.IsType<CaseUpdated>(@case.PendingEvents[^1]).ChangedFields);
    }

    [Fact]
    public void A_changed_address_is_reported_as_one_field()
    {
        var @case = DomainCases.CompleteDraft();
        var moved = DomainCases.Company() with { RegisteredAddress = new Address("Leopoldstraße 1", "3. OG", "München", "Bayern", "80802", "DE") };

        @case.UpdateDetails(moved, false, null, DomainCases.T0.AddHours(1));

        Assert.Equal(["company.registered_address"], Assert.IsType<CaseUpdated>(@case.PendingEvents[^1]).ChangedFields);
    }
}
