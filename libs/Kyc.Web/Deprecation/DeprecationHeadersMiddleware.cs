using Microsoft.AspNetCore.Http;

namespace Kyc.Web.Deprecation;

/// <summary>Adds the deprecation headers of the matched endpoint when the response starts (so also on errors).</summary>
internal sealed class DeprecationHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<DeprecationMetadata>() is { } deprecation)
        {
            context.Response.OnStarting(static state =>
            {
                var (http, metadata) = ((HttpContext, DeprecationMetadata))state;
                http.Response.Headers["Deprecation"] = metadata.DeprecationHeader;
                http.Response.Headers["Sunset"] = metadata.SunsetHeader;
                if (metadata.LinkHeader is not null) http.Response.Headers.Append("Link", metadata.LinkHeader);
                return Task.CompletedTask;
            }, (context, deprecation));
        }
        return next(context);
    }
}
