using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;

namespace Kyc.Web.Logging;

/// <summary>
/// Serilog as the only logging pipeline: levels, enrichers and extra sinks from the <c>Serilog</c> configuration
/// section; every sink (stdout as compact JSON, configured ones, and any <see cref="ILoggerProvider"/> registered in
/// the container) behind <see cref="PiiMaskingSink"/>.
/// </summary>
internal static class KycSerilog
{
    private const string Section = "Serilog";
    private static readonly string[] SinkKeys = [$"{Section}:WriteTo", $"{Section}:AuditTo"];

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
            serilog.ReadFrom.Configuration(Only(configuration, key => !IsSinkKey(key)))
                .Enrich.FromLogContext();

            var providers = new LoggerProviderCollection();
            foreach (var provider in services.GetServices<ILoggerProvider>()) providers.AddProvider(provider);
            serilog.WriteTo.Sink(LoggerSinkConfiguration.Wrap(sinks => new PiiMaskingSink(sinks, new PiiMasker(pii)), sinks =>
            {
                sinks.Console(new RenderedCompactJsonFormatter());
                sinks.Providers(providers);
                if (configuration.GetSection($"{Section}:WriteTo").Exists())
                {
                    sinks.Logger(configured => configured.MinimumLevel.Verbose().ReadFrom.Configuration(Only(configuration, IsSinkKey)));
                }
            }));
        }, preserveStaticLogger: true);
    }

    private static bool IsSinkKey(string key) =>
        SinkKeys.Any(sink => key.StartsWith(sink, StringComparison.OrdinalIgnoreCase)) ||
        key.StartsWith($"{Section}:Using", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>Serilog</c> section with only the keys <paramref name="keep"/> takes (<c>Using</c> always).</summary>
    private static IConfiguration Only(IConfiguration configuration, Func<string, bool> keep) =>
        new ConfigurationBuilder().AddInMemoryCollection(configuration.GetSection(Section).AsEnumerable()
            .Where(pair => pair.Value is not null && (keep(pair.Key) || pair.Key.StartsWith($"{Section}:Using", StringComparison.OrdinalIgnoreCase))))
            .Build();
}
