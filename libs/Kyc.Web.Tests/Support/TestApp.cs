using System.Net.Http.Headers;
using Kyc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;

namespace Kyc.Web.Tests.Support;

/// <summary>
/// A small service built the way every real one is (AddKycWebDefaults, UseKycWebDefaults, MapKycHealthAndMetrics)
/// on the in-memory test server, validating tokens against the stack's real OpenID Connect provider.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const long MaxRequestBodyBytes = 1024;

    private readonly WebApplication _app;

    private TestApp(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? map = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The stack's OpenID Connect stand-in serves plain HTTP, which only Development accepts (docs/security.md).
            EnvironmentName = "Development",
            ApplicationName = typeof(TestApp).Assembly.GetName().Name,
        });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = StackSettings.OidcIssuer,
            ["Auth:Audience"] = StackSettings.OidcAudience,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Auth:ClockSkewSeconds"] = "0",
            ["Web:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Serilog:MinimumLevel:Default"] = "Fatal",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddKycWebDefaults("kyc-web-tests");
        TestEndpoints.AddServices(builder.Services);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseKycWebDefaults();
        app.MapKycHealthAndMetrics();
        TestEndpoints.Map(app);
        map?.Invoke(app);
        await app.StartAsync();
        return new TestApp(app);
    }

    public HttpClient Client(string? token = null)
    {
        var client = _app.GetTestClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
