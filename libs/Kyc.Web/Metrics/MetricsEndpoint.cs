using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kyc.Web.Metrics;

internal static class MetricsEndpoint
{
    public static IResult Scrape(HttpContext context)
    {
        var collector = context.RequestServices.GetRequiredService<PrometheusMetricsCollector>();
        context.Response.Headers.CacheControl = "no-store";
        return Results.Text(collector.Collect(), PrometheusText.ContentType);
    }
}
