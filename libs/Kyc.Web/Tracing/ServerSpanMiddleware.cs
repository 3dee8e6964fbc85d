using System.Diagnostics;
using Kyc.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kyc.Web.Tracing;

/// <summary>
/// Gives ASP.NET Core's own server span what the absent OpenTelemetry.Instrumentation.AspNetCore would: the name
/// <c>GET /v1/cases/{id}</c> and the HTTP semantic-convention tags (never the path or query), error status on 5xx.
/// </summary>
internal sealed class ServerSpanMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var activity = Activity.Current;
        if (activity is not { IsAllDataRequested: true })
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            var method = context.Request.Method;
            var status = context.Response.StatusCode;
            activity.SetTag("http.request.method", method);
            activity.SetTag("url.scheme", context.Request.Scheme);
            activity.SetTag("http.response.status_code", status);
            if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route })
            {
                activity.SetTag("http.route", route);
                activity.DisplayName = $"{method} {route}";
            }
            else
            {
                activity.DisplayName = method;
            }
            if (status >= 500) activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
