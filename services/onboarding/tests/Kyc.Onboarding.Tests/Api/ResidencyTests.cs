using System.Net;
using System.Text.Json.Nodes;
using Kyc.Onboarding.Tests.Support;
using Kyc.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>A case is stored in the database of its company's jurisdiction's region (config/data-residency.yaml) and never leaves it.</summary>
public sealed class ResidencyTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Theory]
    [InlineData("DE", "eu")]
    [InlineData("FR", "eu")]
    [InlineData("GB", "eu")]
    [InlineData("CH", "eu")]
    [InlineData("US", "us")]
    [InlineData("CA", "us")]
    public async Task A_case_is_stored_only_in_its_jurisdictions_region(string jurisdiction, string region)
    {
        var partner = await app.NewPartnerAsync();

        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase(jurisdiction));

        Assert.StartsWith($"{region}-", created.Id, StringComparison.Ordinal);
        Assert.Equal(region, created.Json.GetProperty("region").GetString());
        var home = app.Region(region);
        var other = app.Region(region == "eu" ? "us" : "eu");
        Assert.Equal(1, await home.CountCaseAsync(created.Id));
        Assert.Equal(0, await other.CountCaseAsync(created.Id));
        Assert.Equal(1, await home.CountCasesAsync(partner.PartnerId));
        Assert.Equal(0, await other.CountCasesAsync(partner.PartnerId));
        Assert.Equal(4, (await home.OutboxAsync(created.Id)).Count);
        Assert.Equal(0, await other.CountOutboxAsync(partner.PartnerId));
        Assert.Equal(1, await home.CountIdempotencyKeysAsync(partner.PartnerId));
        Assert.Equal(0, await other.CountIdempotencyKeysAsync(partner.PartnerId));
        Assert.Equal(created.Json.GetRawText(), (await partner.GetCaseOkAsync(created.Id)).Json.GetRawText());
    }

    [Theory]
    [InlineData("BR")]
    [InlineData("CN")]
    [InlineData("RU")]
    public async Task A_jurisdiction_no_region_serves_is_422_jurisdiction_not_served_and_nothing_is_written(string jurisdiction)
    {
        var partner = await app.NewPartnerAsync();

        using var response = await partner.CreateCaseAsync(CaseBodies.CompleteCase(jurisdiction));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "jurisdiction_not_served");
        foreach (var db in new[] { app.Eu, app.Us })
        {
            Assert.Equal(0, await db.CountCasesAsync(partner.PartnerId));
            Assert.Equal(0, await db.CountOutboxAsync(partner.PartnerId));
            Assert.Equal(0, await db.CountIdempotencyKeysAsync(partner.PartnerId));
        }
        Assert.Contains(app.Logs.Entries, e => IsResidencyRefusal(e, "jurisdiction_not_served", "POST"));
    }

    [Theory]
    [InlineData("US")]
    [InlineData("BR")]
    public async Task Changing_a_cases_jurisdiction_to_another_regions_is_422_cross_region_move_refused_logged_and_changes_nothing(string target)
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase("DE"));
        var company = CaseBodies.Company(target, "Müller & Söhne Inc.");
        var requestId = $"move-{Guid.NewGuid():N}";

        using var response = await partner.PatchCaseAsync(created.Id, new JsonObject { ["company"] = company }, "\"1\"", requestId);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "cross_region_move_refused");
        Assert.Contains("eu", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var read = await partner.GetCaseOkAsync(created.Id);
        Assert.Equal(created.Json.GetRawText(), read.Json.GetRawText());
        Assert.Equal(1, await app.Eu.CaseVersionAsync(created.Id));
        Assert.Null(await app.Us.CaseVersionAsync(created.Id));
        Assert.Equal(0, await app.Us.CountCasesAsync(partner.PartnerId));
        Assert.Equal(4, (await app.Eu.OutboxAsync(created.Id)).Count);
        var refusal = Assert.Single(app.Logs.Entries, e => IsResidencyRefusal(e, "cross_region_move_refused", "PATCH") &&
            (string?)e.State["Path"] == $"/v1/onboarding/cases/{created.Id}");
        Assert.Equal(LogLevel.Warning, refusal.Level);
        Assert.DoesNotContain("Müller", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_jurisdiction_within_the_region_is_allowed()
    {
        var partner = await app.NewPartnerAsync();
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase("DE"));

        using var response = await partner.PatchCaseAsync(created.Id, new JsonObject { ["company"] = CaseBodies.Company("AT") }, "\"1\"");

        var body = await response.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Equal("AT", body.GetProperty("company").GetProperty("jurisdiction").GetString());
        Assert.Equal(created.Id, body.GetProperty("id").GetString());
        Assert.Equal(1, await app.Eu.CountCaseAsync(created.Id));
    }

    private static bool IsResidencyRefusal(LogEntry entry, string code, string method) =>
        entry.EventId.Id == 4201 && entry.Category.EndsWith("ProblemExceptionHandler", StringComparison.Ordinal) &&
        (string?)entry.State.GetValueOrDefault("Code") == code && (string?)entry.State.GetValueOrDefault("Method") == method;
}
