using System.Text.Json;
using Kyc.Web.Problems;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Kyc.Audit.Api.Http;

/// <summary>Reads a JSON request body as raw bytes (an Idempotency-Key is bound to exactly these bytes) and as <typeparamref name="T"/>.</summary>
public static class JsonBody
{
    /// <summary>The body, or null when the request has none and <paramref name="optional"/>.</summary>
    public static async Task<(T? Value, byte[] Raw)> ReadAsync<T>(HttpContext http, bool optional = false) where T : class
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var raw = buffer.ToArray();
        if (raw.Length == 0 && optional) return (null, raw);
        if (!http.Request.HasJsonContentType())
            throw new ApiProblemException("unsupported_media_type", "Send the body as application/json.");
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return (JsonSerializer.Deserialize<T>(raw, options) ?? throw new JsonException("null body"), raw);
        }
        catch (JsonException e)
        {
            throw new ApiProblemException("malformed_request",
                e.Path is { Length: > 1 } path
                    ? $"The body is not valid JSON for this request near '{path}' (line {e.LineNumber + 1})."
                    : "The body is not a valid JSON object for this request.");
        }
    }
}
