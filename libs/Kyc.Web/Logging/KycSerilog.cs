using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Kyc.Web.Logging;

/// <summary>
/// Serilog as the only logging pipeline: levels, enrichers and sinks from the <c>Serilog</c> configuration section
/// (stdout as compact JSON by default); every sink, configured ones and any <see cref="ILoggerProvider"/> registered
/// in the container alike, behind <see cref="PiiMaskingSink"/>.
/// </summary>
internal static class KycSerilog
{
    private const string Section = "Serilog";

    /// <summary>stdout as compact JSON, configurable like any sink (<c>Serilog:WriteTo:Console:Args:restrictedToMinimumLevel</c>).</summary>
    private static readonly Dictionary<string, string?> DefaultSinks = new()
    {
        [$"{Section}:WriteTo:Console:Name"] = "Console",
        [$"{Section}:WriteTo:Console:Args:formatter"] = "Serilog.Formatting.Compact.RenderedCompactJsonFormatter, Serilog.Formatting.Compact",
    };

    // Their information-level entries repeat each request with its full URL, query string included; the request
    // log replaces them. Serilog:MinimumLevel:Override:<source> can still turn them back on.
    private static readonly string[] QuietSources = ["Microsoft.AspNetCore", "System.Net.Http.HttpClient"];

    public static void Add(WebApplicationBuilder builder, PiiMaskingOptions pii)
    {
        var configuration = builder.Configuration;
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((services, serilog) =>
        {
            serilog.MinimumLevel.Information();
            foreach (var source in QuietSources) serilog.MinimumLevel.Override(source, LogEventLevel.Warning);
            serilog.ReadFrom.Configuration(View(configuration, key => !IsSinkKey(key))).Enrich.FromLogContext();

            var providers = new LoggerProviderCollection();
            foreach (var provider in services.GetServices<ILoggerProvider>()) providers.AddProvider(provider);
            var sinks = View(configuration, IsSinkKey, DefaultSinks);
            serilog.WriteTo.Sink(LoggerSinkConfiguration.Wrap(wrapped => new PiiMaskingSink(wrapped, new PiiMasker(pii)), wrapped => wrapped
                .Logger(configured => configured.MinimumLevel.Verbose().ReadFrom.Configuration(sinks))
                .WriteTo.Providers(providers)));
        }, preserveStaticLogger: true);
    }

    private static bool IsSinkKey(string key) =>
        key.StartsWith($"{Section}:WriteTo", StringComparison.OrdinalIgnoreCase) ||
        key.StartsWith($"{Section}:AuditTo", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>Serilog</c> section with only the keys <paramref name="keep"/> takes (and <c>Using</c>), over <paramref name="defaults"/>.</summary>
    private static IConfiguration View(IConfiguration configuration, Func<string, bool> keep, IEnumerable<KeyValuePair<string, string?>>? defaults = null) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(defaults ?? [])
            .AddInMemoryCollection(configuration.GetSection(Section).AsEnumerable().Where(pair => pair.Value is not null &&
                (keep(pair.Key) || pair.Key.StartsWith($"{Section}:Using", StringComparison.OrdinalIgnoreCase))))
            .Build();
}
