using System.Net.Http.Headers;
using Kyc.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kyc.Onboarding.Tests.Support;

/// <summary>
/// The onboarding service on the in-memory test server, per test class (an xunit class fixture): two databases of
/// its own (eu and us, copies of the migrated template), the repository's data-residency.yaml, and tokens validated
/// against the stack's real OpenID Connect provider. The app runs its migrations at start, as in production.
/// </summary>
public sealed class OnboardingApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public OnboardingDatabase Eu { get; } = new();

    public OnboardingDatabase Us { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public const string RuntimeRole = "kyc_onboarding_app";

    public const string RelayRole = "kyc_relay";

    public OnboardingDatabase Region(string region) => region switch
    {
        "eu" => Eu,
        "us" => Us,
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "the tests configure eu and us"),
    };

    /// <summary>The database of a case id's region (<c>eu-…</c> or <c>us-…</c>).</summary>
    public OnboardingDatabase DatabaseOf(string caseId) => Region(caseId[..2]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting (not ConfigureAppConfiguration): Program reads these while building its services, before Build().
        // The stack's OpenID Connect stand-in serves plain HTTP, which only Development accepts (docs/security.md).
        builder.UseEnvironment("Development");
        // As in production (docs/security.md): the owner (the stack's kyc role, which made the copies) migrates and grants,
        // the service runs as the stack's runtime role kyc_onboarding_app.
        foreach (var (region, database) in new[] { ("eu", Eu), ("us", Us) })
        {
            builder.UseSetting($"Onboarding:Regions:{region}:MigrationsConnectionString", database.ConnectionString);
            builder.UseSetting($"Onboarding:Regions:{region}:ConnectionString", StackSettings.PostgresConnectionAs(RuntimeRole, database.Name));
        }
        builder.UseSetting("Onboarding:Database:OutboxRelayRole", RelayRole);
        builder.UseSetting("Onboarding:ResidencyFile", Repo.ResidencyFile);
        builder.UseSetting("Onboarding:MigrationsDirectory", Repo.MigrationsDirectory);
        builder.UseSetting("Auth:Authority", StackSettings.OidcIssuer);
        builder.UseSetting("Auth:Audience", StackSettings.OidcAudience);
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        builder.UseSetting("Auth:ClockSkewSeconds", "0");
        // The JSON console log of the app only for warnings and errors; the captured log sees everything.
        builder.UseSetting("Serilog:WriteTo:Console:Args:restrictedToMinimumLevel", "Warning");
        builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
    }

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Eu.InitializeAsync(), Us.InitializeAsync());
        _ = Server; // starts the host: migrations run now, not in the first test
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Task.WhenAll(Eu.DisposeAsync(), Us.DisposeAsync());
    }

    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A partner's client (cases:read and cases:write unless other scopes are given).</summary>
    public async Task<ApiClient> PartnerAsync(string partnerId, params string[] scopes)
    {
        var token = await TestTokens.ForPartnerAsync(partnerId, scopes.Length > 0 ? scopes : ["cases:read", "cases:write"]);
        return new ApiClient(ClientWithToken(token), partnerId);
    }

    /// <summary>A partner of its own for one test, so that counts and lists see only that test's cases.</summary>
    public Task<ApiClient> NewPartnerAsync(string name = "partner") => PartnerAsync($"{name}-{Guid.NewGuid():N}"[..24]);

    /// <summary>An operator with the operator role and <paramref name="scopes"/> (a client of its own, for reads).</summary>
    public async Task<ApiClient> OperatorWithScopesAsync(params string[] scopes) =>
        new(ClientWithToken(await TestTokens.ForOperatorAsync(scopes)), Tokens.OperatorPartnerId);

    /// <summary>An operator: the operator role and the cases:decide scope.</summary>
    public async Task<ApiClient> OperatorAsync() => new(ClientWithToken(await Tokens.OperatorAsync()), Tokens.OperatorPartnerId);
}
