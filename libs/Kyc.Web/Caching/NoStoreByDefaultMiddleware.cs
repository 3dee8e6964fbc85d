using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Kyc.Web.Caching;

/// <summary>
/// <c>Cache-Control: no-store</c> on every response whose endpoint did not set a <c>Cache-Control</c> of its own: case,
/// party and audit responses carry personal data that no browser, proxy or gateway cache may keep (docs/security.md).
/// An endpoint that caches deliberately sets its own header, which wins.
/// </summary>
internal sealed class NoStoreByDefaultMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            if (!headers.ContainsKey(HeaderNames.CacheControl)) headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
