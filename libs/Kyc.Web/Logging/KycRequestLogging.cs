using Kyc.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Events;

namespace Kyc.Web.Logging;

/// <summary>
/// Serilog's request logging: one line per request at its end with method, route template, status, duration and
/// request id; never the path, query string or body. <c>info</c>, <c>warn</c> for 5xx, <c>debug</c> for endpoints
/// marked <see cref="QuietRequestLogging"/> (health, metrics).
/// </summary>
internal static class KycRequestLogging
{
    public const string MessageTemplate = "HTTP {http_method:l} {http_route:l} responded {http_status} in {duration_ms} ms";

    public static IApplicationBuilder Use(IApplicationBuilder app) => app.UseSerilogRequestLogging(options =>
    {
        options.Logger = app.ApplicationServices.GetRequiredService<ILogger>();
        options.MessageTemplate = MessageTemplate;
        options.GetMessageTemplateProperties = static (context, _, elapsed, status) =>
        [
            new("http_method", new ScalarValue(context.Request.Method)),
            new("http_route", new ScalarValue(RequestRoute.Of(context))),
            new("http_status", new ScalarValue(status)),
            new("duration_ms", new ScalarValue(Math.Round(elapsed, 3))),
        ];
        options.GetLevel = static (context, _, exception) =>
            context.GetEndpoint()?.Metadata.GetMetadata<QuietRequestLogging>() is not null ? LogEventLevel.Debug
            : exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Warning
            : LogEventLevel.Information;
        options.EnrichDiagnosticContext = static (diagnostics, context) => diagnostics.Set("request_id", context.TraceIdentifier);
    });
}
