using System.Net;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

public sealed class StartupTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public void At_start_the_app_migrates_every_region_and_finds_the_template_copies_up_to_date()
    {
        var migrated = app.Logs.Entries.Where(e => e.Category == "Kyc.Onboarding.Migrations" && e.State.ContainsKey("Region")).ToList();

        Assert.Equal(["eu", "us"], migrated.Select(e => (string)e.State["Region"]!).Order(StringComparer.Ordinal));
        Assert.All(migrated, e => Assert.Equal(0, e.State["Count"]));
    }

    [Fact]
    public async Task Both_region_databases_hold_every_migration()
    {
        var expected = OnboardingDatabase.Sources().Sum(s => s.Scripts.Count);

        Assert.Equal(expected, await app.Eu.CountAsync("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(expected, await app.Us.CountAsync("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Ready_when_both_region_databases_answer()
    {
        using var client = app.ClientWithToken(null);

        using var response = await client.GetAsync("/health/ready");

        var body = await response.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Contains("postgres-regions", body.GetRawText(), StringComparison.Ordinal);
    }
}
