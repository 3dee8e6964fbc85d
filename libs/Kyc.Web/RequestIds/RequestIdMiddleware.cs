using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kyc.Web.RequestIds;

/// <summary>
/// Accepts or generates the request id, makes it the request's <see cref="HttpContext.TraceIdentifier"/>, echoes
/// it on every response (also error responses whose headers were reset), tags the server activity and opens the
/// logging scope that carries it.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string ActivityTag = "request_id";

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = RequestId.FromHeaderOrNew(context.Request.Headers[RequestId.HeaderName]);
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[RequestId.HeaderName] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        Activity.Current?.SetTag(ActivityTag, requestId);

        using (logger.BeginScope(new RequestIdLogScope(requestId)))
        {
            await next(context);
        }
    }
}
