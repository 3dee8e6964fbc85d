using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain;
using Kyc.SharedKernel;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Domain;

/// <summary>A partner changes a case only while it is draft or info_requested.</summary>
public sealed class CaseEditingTests
{
    public static TheoryData<CaseStatus, string> EveryEditInEveryStatus()
    {
        var data = new TheoryData<CaseStatus, string>();
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            foreach (var edit in new[] { "update_details", "add_party", "update_party", "remove_party" }) data.Add(status, edit);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryEditInEveryStatus))]
    public void Edits_are_accepted_only_in_draft_and_info_requested(CaseStatus status, string edit)
    {
        var @case = DomainCases.InStatus(status);
        var editable = status is CaseStatus.Draft or CaseStatus.InfoRequested;
        Assert.Equal(editable, @case.IsEditable);

        void Edit()
        {
            var now = DomainCases.T0.AddHours(1);
            switch (edit)
            {
                case "update_details": @case.UpdateDetails(DomainCases.Company(legalName: "Müller & Töchter GmbH"), true, "ref-2", now); break;
                case "add_party": @case.AddParty(DomainCases.Director("李小龙"), now); break;
                case "update_party": @case.UpdateParty(@case.Parties[1].Id, DomainCases.Ubo(75), now); break;
                default: @case.RemoveParty(@case.Parties[0].Id, now); break;
            }
        }

        if (editable)
        {
            Edit();
            Assert.Equal(6, @case.Version);
            Assert.Single(@case.PendingEvents);
        }
        else
        {
            var refused = Assert.Throws<CodedException>(Edit);
            Assert.Equal(OnboardingErrors.CaseNotEditable.Code, refused.Code);
            Assert.Equal(5, @case.Version);
            Assert.Empty(@case.PendingEvents);
            Assert.Equal(2, @case.Parties.Count);
        }
    }

    [Fact]
    public void Updating_or_removing_a_party_the_case_does_not_have_is_party_not_found()
    {
        var @case = DomainCases.CompleteDraft();

        Assert.Equal(OnboardingErrors.PartyNotFound.Code,
            Assert.Throws<CodedException>(() => @case.UpdateParty(Guid.NewGuid(), DomainCases.Director(), DomainCases.T0)).Code);
        Assert.Equal(OnboardingErrors.PartyNotFound.Code,
            Assert.Throws<CodedException>(() => @case.RemoveParty(Guid.NewGuid(), DomainCases.T0)).Code);
        Assert.Equal(1, @case.Version);
    }

    [Fact]
    public void A_case_holds_at_most_100_parties()
    {
        var @case = DomainCases.Open(null, [.. Enumerable.Range(0, OnboardingCase.MaxParties).Select(_ => DomainCases.Director())]);

        var refused = Assert.Throws<CodedException>(() => @case.AddParty(DomainCases.Director(), DomainCases.T0));

        Assert.Equal(OnboardingErrors.TooManyParties.Code, refused.Code);
        Assert.Equal(OnboardingCase.MaxParties, @case.Parties.Count);
        Assert.Equal(OnboardingErrors.TooManyParties.Code, Assert.Throws<CodedException>(() =>
            DomainCases.Open(null, [.. Enumerable.Range(0, OnboardingCase.MaxParties + 1).Select(_ => DomainCases.Director())])).Code);
    }
}
