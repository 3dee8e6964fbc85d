using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Kyc.Web.Logging;

/// <summary>Replaces the default log providers with JSON lines on stdout, personal data masked.</summary>
internal static class KycLogging
{
    // Their information-level entries repeat each request with its full URL, query string included; the request
    // log of this library replaces them. Configuration (Logging:LogLevel:<category>) can still turn them back on.
    private static readonly string[] QuietCategories = ["Microsoft.AspNetCore", "System.Net.Http.HttpClient"];

    public static void Add(ILoggingBuilder logging, IConfiguration configuration, PiiMaskingOptions pii)
    {
        logging.ClearProviders();
        logging.AddConsole(console =>
        {
            console.FormatterName = KycJsonConsoleFormatter.FormatterName;
            console.LogToStandardErrorThreshold = LogLevel.None;
        });
        logging.AddConsoleFormatter<KycJsonConsoleFormatter, KycJsonConsoleFormatterOptions>(formatter =>
        {
            formatter.Pii.PropertyNames.UnionWith(pii.PropertyNames);
            formatter.Pii.TrustedCategories.UnionWith(pii.TrustedCategories);
        });
        foreach (var category in QuietCategories)
        {
            if (configuration[$"Logging:LogLevel:{category}"] is null) logging.AddFilter(category, LogLevel.Warning);
        }
    }
}
