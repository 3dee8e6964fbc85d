using Kyc.Onboarding.Domain.Parties;
using Kyc.Onboarding.Domain;
using Kyc.SharedKernel;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Domain;

/// <summary>Beneficial owners together own at most 100 %, and so do shareholders (each role counted on its own).</summary>
public sealed class OwnershipLimitTests
{
    [Fact]
    public void Beneficial_owners_adding_up_to_exactly_100_are_accepted()
    {
        var @case = DomainCases.Open(null, DomainCases.Ubo(60), DomainCases.Ubo(40, "محمد علي"));

        Assert.Equal(2, @case.Parties.Count);
    }

    [Fact]
    public void Opening_a_case_whose_beneficial_owners_add_up_to_more_than_100_is_refused()
    {
        var refused = Assert.Throws<CodedException>(() => DomainCases.Open(null, DomainCases.Ubo(60), DomainCases.Ubo(40.01m, "محمد علي")));

        Assert.Equal(OnboardingErrors.OwnershipExceeded.Code, refused.Code);
        Assert.Contains("parties", refused.Errors.Keys);
    }

    [Fact]
    public void Adding_a_beneficial_owner_beyond_100_is_refused_and_leaves_the_case_as_it_was()
    {
        var @case = DomainCases.Open(null, DomainCases.Director(), DomainCases.Ubo(70));

        var refused = Assert.Throws<CodedException>(() => @case.AddParty(DomainCases.Ubo(31, "李小龙"), DomainCases.T0.AddHours(1)));

        Assert.Equal(OnboardingErrors.OwnershipExceeded.Code, refused.Code);
        Assert.Equal(2, @case.Parties.Count);
        Assert.Equal(1, @case.Version);
        Assert.Equal(3, @case.PendingEvents.Count); // created, party added, party added: nothing from the refused change
    }

    [Fact]
    public void Raising_a_beneficial_owners_share_beyond_100_is_refused_and_leaves_the_party_as_it_was()
    {
        var @case = DomainCases.Open(null, DomainCases.Ubo(50), DomainCases.Ubo(50, "محمد علي"));
        var before = @case.Parties[1];

        var refused = Assert.Throws<CodedException>(() => @case.UpdateParty(before.Id, DomainCases.Ubo(50.5m, "محمد علي"), DomainCases.T0.AddHours(1)));

        Assert.Equal(OnboardingErrors.OwnershipExceeded.Code, refused.Code);
        Assert.Same(before, @case.Parties[1]);
        Assert.Equal(1, @case.Version);
    }

    [Fact]
    public void Shareholdings_adding_up_to_more_than_100_are_refused()
    {
        var @case = DomainCases.Open(null, DomainCases.Shareholder(80));

        var refused = Assert.Throws<CodedException>(() => @case.AddParty(DomainCases.Shareholder(20.5m, "Kovač d.o.o."), DomainCases.T0));

        Assert.Equal(OnboardingErrors.OwnershipExceeded.Code, refused.Code);
        Assert.Single(@case.Parties);
    }

    [Fact]
    public void Beneficial_ownership_and_shareholdings_are_counted_separately()
    {
        var @case = DomainCases.Open(null, DomainCases.Ubo(100), DomainCases.Shareholder(100),
            DomainCases.Person("Ivan Horvat", 0, PartyRole.Ubo, PartyRole.Shareholder));

        Assert.Equal(3, @case.Parties.Count);
    }
}
