using System.Net;
using System.Text.Json;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>Directors, beneficial owners and shareholders: add (POST), replace (PUT), remove (DELETE).</summary>
public sealed class PartyEndpointTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task Adding_a_party_answers_201_with_its_location_and_the_cases_new_etag()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CreateCase("DE"));

        using var added = await partner.AddPartyAsync(created.Id, CaseBodies.Person("李小龙", ["director", "ubo"], 25.5m, "CN"), ifMatch: "\"1\"");

        var party = await added.ShouldHaveAsync(HttpStatusCode.Created);
        var partyId = party.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/onboarding/cases/{created.Id}/parties/{partyId}", added.Headers.Location?.OriginalString);
        Assert.Equal("\"2\"", added.Headers.ETag?.Tag);
        Assert.Equal("李小龙", party.GetProperty("full_name").GetString());
        Assert.Equal(25.5m, party.GetProperty("ownership_percentage").GetDecimal());
        Assert.Equal("CN", party.GetProperty("nationality").GetString());
        Assert.Equal("passport", party.GetProperty("identity_document").GetProperty("type").GetString());
        var read = await partner.GetCaseOkAsync(created.Id);
        Assert.Equal(party.GetRawText(), Assert.Single(read.Json.GetProperty("parties").EnumerateArray()).GetRawText());
    }

    [Fact]
    public async Task A_corporate_shareholder_is_added_with_its_own_fields()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CreateCase("DE"));

        using var added = await partner.AddPartyAsync(created.Id, CaseBodies.CorporateShareholder("Nordholz Beteiligungen GmbH", 100));

        var party = await added.ShouldHaveAsync(HttpStatusCode.Created);
        Assert.Equal("corporate", party.GetProperty("type").GetString());
        Assert.Equal("Nordholz Beteiligungen GmbH", party.GetProperty("legal_name").GetString());
        Assert.Equal(JsonValueKind.Null, party.GetProperty("full_name").ValueKind);
    }

    [Fact]
    public async Task Replacing_a_party_with_if_match_answers_the_new_party_and_bumps_the_etag()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var partyId = created.PartyId(1);

        using var updated = await partner.UpdatePartyAsync(created.Id, partyId, CaseBodies.Person("Анна Петрова-Иванова", ["ubo", "signatory"], 55), "\"1\"");

        var party = await updated.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);
        Assert.Equal(partyId, party.GetProperty("id").GetString());
        Assert.Equal("Анна Петрова-Иванова", party.GetProperty("full_name").GetString());
        Assert.Equal(["ubo", "signatory"], party.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var read = await partner.GetCaseOkAsync(created.Id);
        Assert.Equal(party.GetRawText(), read.Party(1).GetRawText());
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task Removing_a_party_with_if_match_answers_204_and_bumps_the_etag()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var partyId = created.PartyId(2);

        using var removed = await partner.RemovePartyAsync(created.Id, partyId, "\"1\"");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal("\"2\"", removed.Headers.ETag?.Tag);
        var read = await partner.GetCaseOkAsync(created.Id);
        Assert.DoesNotContain(partyId, read.Json.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(2, read.Json.GetProperty("parties").GetArrayLength());
    }

    [Fact]
    public async Task A_party_the_case_does_not_have_is_party_not_found()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        var unknown = Guid.NewGuid().ToString();

        using var update = await partner.UpdatePartyAsync(created.Id, unknown, CaseBodies.DirectorParty(), "\"1\"");
        await update.ShouldBeProblemAsync(HttpStatusCode.NotFound, "party_not_found");
        using var remove = await partner.RemovePartyAsync(created.Id, unknown, "\"1\"");
        await remove.ShouldBeProblemAsync(HttpStatusCode.NotFound, "party_not_found");
    }

    [Fact]
    public async Task Beneficial_owners_over_100_percent_are_refused_with_ownership_exceeds_100()
    {
        var partner = await app.NewPartnerAsync();

        using var create = await partner.CreateCaseAsync(CaseBodies.CreateCase("DE", null,
            CaseBodies.UboParty("Анна Петрова", 60), CaseBodies.UboParty("محمد علي", 50)));
        var problem = await create.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ownership_exceeds_100");
        Assert.Equal(["parties"], problem.ErrorFields());

        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase()); // 60 + 40
        using var add = await partner.AddPartyAsync(created.Id, CaseBodies.UboParty("李小龙", 0.01m));
        await add.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "ownership_exceeds_100");
        Assert.Equal(1, (await partner.GetCaseOkAsync(created.Id)).Version);
    }
}
