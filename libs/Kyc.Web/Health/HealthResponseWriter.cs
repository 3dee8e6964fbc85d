using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kyc.Web.Health;

/// <summary>
/// <c>{"status":"unhealthy","duration_ms":12.3,"checks":[{"name":"postgres-eu","status":"unhealthy","duration_ms":10.1,
/// "description":"..."}]}</c>. Exception texts stay in the logs: the endpoint is anonymous.
/// </summary>
internal static class HealthResponseWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("status", Name(report.Status));
            json.WriteNumber("duration_ms", Math.Round(report.TotalDuration.TotalMilliseconds, 3));
            json.WriteStartArray("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("status", Name(entry.Status));
                json.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 3));
                if (entry.Description is not null) json.WriteString("description", entry.Description);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
