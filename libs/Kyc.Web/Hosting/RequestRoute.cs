using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kyc.Web.Hosting;

/// <summary>The route template of a request, for logs and metrics: never the raw path, which may carry identifiers.</summary>
internal static class RequestRoute
{
    public const string Unmatched = "(unmatched)";

    public static string Of(HttpContext context) => context.GetEndpoint() switch
    {
        RouteEndpoint route => route.RoutePattern.RawText ?? Unmatched,
        { DisplayName: { } name } => name,
        _ => Unmatched,
    };
}
