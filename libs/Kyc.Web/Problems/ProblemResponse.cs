using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Kyc.Web.Problems;

/// <summary>Writes the RFC 9457 <c>application/problem+json</c> body every error of every service has.</summary>
public static class ProblemResponse
{
    public const string ContentType = "application/problem+json";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Sets the status and writes the problem. <paramref name="status"/> overrides the definition's status (for the
    /// generic client/server error codes); <paramref name="detail"/> defaults to the title.
    /// </summary>
    public static async Task WriteAsync(
        HttpContext context,
        ErrorDefinition error,
        string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null,
        int? status = null)
    {
        var response = context.Response;
        response.StatusCode = status ?? error.Status;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";

        await using (var json = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", error.Type);
            json.WriteString("title", error.Title);
            json.WriteNumber("status", response.StatusCode);
            json.WriteString("detail", detail ?? error.Title);
            json.WriteString("instance", InstanceOf(context));
            json.WriteString("code", error.Code);
            json.WriteString("trace_id", TraceIdOf(context));
            if (errors is { Count: > 0 })
            {
                json.WriteStartObject("errors");
                foreach (var (field, messages) in errors)
                {
                    json.WriteStartArray(field);
                    foreach (var message in messages) json.WriteStringValue(message);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>The request path without the query string (which may carry personal data).</summary>
    public static string InstanceOf(HttpContext context) => (context.Request.PathBase + context.Request.Path).Value is { Length: > 0 } path ? path : "/";

    /// <summary>The W3C trace id of the current request, or its request id when there is no trace.</summary>
    public static string TraceIdOf(HttpContext context) =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier;
}
