using Kyc.Persistence.Idempotency;
using Microsoft.AspNetCore.Http;

namespace Kyc.Commands.Http;

/// <summary>Writes a command's answer: the stored one (byte for byte, for a creating request), or the answer itself.</summary>
internal sealed class AnswerResult(CommandOutcome outcome) : IResult
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public Task ExecuteAsync(HttpContext http)
    {
        if (outcome.Stored is { } stored) return WriteStoredAsync(http, stored, outcome.Replayed);
        var answer = outcome.Answer!;
        if (answer.Location is { } location) http.Response.Headers.Location = location;
        if (answer.ETag is { } etag) http.Response.Headers.ETag = etag;
        return answer.Body is null
            ? Results.StatusCode(answer.Status).ExecuteAsync(http)
            : Results.Json(answer.Body, options: null, contentType: null, statusCode: answer.Status).ExecuteAsync(http);
    }

    private static Task WriteStoredAsync(HttpContext http, StoredResponse response, bool replayed)
    {
        http.Response.StatusCode = response.Status;
        if (response.ContentType is { } contentType) http.Response.ContentType = contentType;
        foreach (var (name, value) in response.Headers) http.Response.Headers[name] = value;
        if (replayed) http.Response.Headers[ReplayedHeader] = "true";
        return http.Response.Body.WriteAsync(response.Body).AsTask();
    }
}
