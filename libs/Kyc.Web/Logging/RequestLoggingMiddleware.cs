using System.Diagnostics;
using Kyc.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kyc.Web.Logging;

/// <summary>
/// One log line per request, at its end: method, route template, status and duration. Never the path, query
/// string or body. Endpoints marked <see cref="QuietRequestLogging"/> (health, metrics) log at debug level.
/// </summary>
internal sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var level = context.GetEndpoint()?.Metadata.GetMetadata<QuietRequestLogging>() is not null ? LogLevel.Debug
                : status >= 500 ? LogLevel.Warning
                : LogLevel.Information;
            if (logger.IsEnabled(level))
            {
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                RequestCompleted(logger, level, context.Request.Method, RequestRoute.Of(context), status, Math.Round(elapsed, 3));
            }
        }
    }

    [LoggerMessage(EventId = 1000, Message = "HTTP {http_method} {http_route} responded {http_status} in {duration_ms} ms")]
    private static partial void RequestCompleted(ILogger logger, LogLevel level, string http_method, string http_route, int http_status, double duration_ms);
}
