using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Parties;
using Kyc.SharedKernel;
using Xunit;
using Published = Kyc.Contracts.Onboarding;

namespace Kyc.Onboarding.Tests.Contract;

/// <summary>
/// The domain's vocabularies are typed once, and their wire names (the one table, <see cref="Wire"/>) are exactly the
/// values the published event schemas allow (Kyc.Contracts keeps its lists equal to the schemas).
/// </summary>
public sealed class VocabularyTests
{
    [Fact]
    public void Case_statuses_entity_types_party_types_and_roles_have_the_wire_names_of_the_event_schemas()
    {
        Assert.Equal(Published.CaseStatuses.All, Wire.Names<CaseStatus>());
        Assert.Equal(Published.EntityTypes.All, Wire.Names<EntityType>());
        Assert.Equal(Published.PartyTypes.All, Wire.Names<PartyType>());
        Assert.Equal(Published.PartyRoles.All, Wire.Names<PartyRole>());
    }

    [Fact]
    public void A_wire_name_reads_back_as_its_value_and_anything_else_is_no_value()
    {
        Assert.All(Enum.GetValues<CaseStatus>(), s => Assert.Equal(s, Wire.Parse<CaseStatus>(Wire.Name(s))));
        Assert.Equal(CaseStatus.InReview, Wire.Parse<CaseStatus>("in_review"));
        Assert.False(Wire.TryParse<CaseStatus>("InReview", out _));
        Assert.False(Wire.TryParse<PartyRole>("chairman", out _));
        Assert.False(Wire.TryParse<EntityType>(null, out _));
    }
}
