using System.Text.Json;
using Kyc.SharedKernel;
using Kyc.Web.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kyc.Commands.Http;

/// <summary>
/// Reads a JSON request body with the service's JSON options. The raw bytes are kept with the request: an
/// Idempotency-Key is bound to exactly these bytes.
/// </summary>
public static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpContext http) where T : class =>
        await ReadOptionalAsync<T>(http, optional: false) ?? throw new InvalidOperationException("unreachable: a required body is never null");

    /// <summary>The body, or null when the request has none and <paramref name="optional"/>.</summary>
    public static async Task<T?> ReadOptionalAsync<T>(HttpContext http, bool optional = true) where T : class
    {
        if (!optional && !http.Request.HasJsonContentType())
            throw new CodedException(BaseErrors.UnsupportedMediaType, "Send the body as application/json.");
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var raw = buffer.ToArray();
        http.Features.Set(new RawBody(raw));
        if (raw.Length == 0 && optional) return null;
        if (!http.Request.HasJsonContentType())
            throw new CodedException(BaseErrors.UnsupportedMediaType, "Send the body as application/json.");
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return JsonSerializer.Deserialize<T>(raw, options) ?? throw new JsonException("null body");
        }
        catch (JsonException e)
        {
            // Where the JSON broke, never the offending value (it may hold personal data).
            throw new CodedException(BaseErrors.MalformedRequest, e.Path is { Length: > 1 } path
                ? $"The body is not valid JSON for this request near '{path}' (line {e.LineNumber + 1})."
                : "The body is not a valid JSON object for this request.");
        }
    }

    /// <summary>The bytes <see cref="ReadAsync{T}"/> read; empty when no body was read.</summary>
    public static ReadOnlyMemory<byte> RawOf(HttpContext http) => http.Features.Get<RawBody>()?.Bytes ?? ReadOnlyMemory<byte>.Empty;

    private sealed record RawBody(byte[] Bytes);
}
