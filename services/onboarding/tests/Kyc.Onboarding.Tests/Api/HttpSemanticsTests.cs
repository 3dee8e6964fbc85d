using System.Net;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>Details of HTTP semantics partners' HTTP libraries rely on: ETag comparison, If-Match *, exact field names, keys across regions.</summary>
public sealed class HttpSemanticsTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("\"7\", \"1\"")]
    [InlineData("*")]
    public async Task If_none_match_with_a_weak_tag_a_list_or_a_star_naming_the_current_version_is_304(string ifNoneMatch)
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        using var response = await partner.GetCaseAsync(created.Id, ifNoneMatch);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task If_match_star_changes_whatever_the_current_version_is()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        using var response = await partner.PatchCaseAsync(created.Id, new System.Text.Json.Nodes.JsonObject { ["external_reference"] = "crm-9" }, "*");

        var body = await response.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal("crm-9", body.GetProperty("external_reference").GetString());
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Field_names_are_exact_snake_case_so_a_differently_cased_field_is_refused()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());

        using var response = await partner.PatchCaseAsync(created.Id, new System.Text.Json.Nodes.JsonObject { ["External_Reference"] = "crm-9" }, "\"1\"");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(1, (await partner.GetCaseOkAsync(created.Id)).Version);
    }

    [Fact]
    public async Task An_idempotency_key_used_for_a_company_of_one_region_is_refused_for_a_company_of_another()
    {
        var partner = await app.NewPartnerAsync();
        var key = ApiClient.NewKey();
        using var eu = await partner.CreateCaseAsync(CaseBodies.CompleteCase(), key);
        Assert.Equal(HttpStatusCode.Created, eu.StatusCode);

        using var us = await partner.CreateCaseAsync(CaseBodies.CompleteCase(jurisdiction: "US"), key);

        await us.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(0, await app.Us.CountCasesAsync(partner.PartnerId));
        Assert.Equal(1, await app.Eu.CountCasesAsync(partner.PartnerId));
    }
}
