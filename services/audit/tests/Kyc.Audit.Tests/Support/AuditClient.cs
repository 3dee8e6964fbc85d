using Kyc.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Kyc.Audit.Tests.Support;

/// <summary>An HTTP client for the audit API.</summary>
public sealed class AuditClient(HttpClient http)
{
    public const string Events = "/v1/audit/events";
    public const string ReplayJobs = "/v1/audit/replay-jobs";

    public HttpClient Http { get; } = http;

    public Task<HttpResponseMessage> GetAsync(string path, params (string Name, string? Value)[] headers) => SendAsync(HttpMethod.Get, path, null, headers);

    public async Task<JsonElement> GetOkAsync(string path)
    {
        using var response = await GetAsync(path);
        return await response.ShouldHaveAsync(HttpStatusCode.OK);
    }

    public Task<HttpResponseMessage> VerifyAsync(JsonNode? body = null) =>
        SendAsync(HttpMethod.Post, "/v1/audit/verify", body is null ? null : Json.Content(body));

    public async Task<JsonElement> VerifyOkAsync(JsonNode? body = null)
    {
        using var response = await VerifyAsync(body);
        return await response.ShouldHaveAsync(HttpStatusCode.OK);
    }

    public Task<HttpResponseMessage> CreateReplayJobAsync(JsonNode body, string? key) =>
        SendAsync(HttpMethod.Post, ReplayJobs, Json.Content(body), ("Idempotency-Key", key));

    public async Task<JsonElement> CreateReplayJobOkAsync(JsonNode body)
    {
        using var response = await CreateReplayJobAsync(body, Guid.NewGuid().ToString());
        return await response.ShouldHaveAsync(HttpStatusCode.Accepted);
    }

    public Task<HttpResponseMessage> CancelAsync(string jobId) => SendAsync(HttpMethod.Post, $"{ReplayJobs}/{jobId}/cancel", null);

    /// <summary>Polls the job until <paramref name="done"/> holds.</summary>
    public Task<JsonElement> JobWhenAsync(string jobId, Func<JsonElement, bool> done, string what) =>
        Eventually.GetAsync(() => GetOkAsync($"{ReplayJobs}/{jobId}"), done, what);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, params (string Name, string? Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (value is not null) request.Headers.TryAddWithoutValidation(name, value);
        }
        return await Http.SendAsync(request);
    }
}

public static class Json
{
    public static ByteArrayContent Content(JsonNode node) => Content(node.ToJsonString());

    public static ByteArrayContent Content(string text, string mediaType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return content;
    }

    public static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

public static class HttpAssertions
{
    /// <summary>Checks the status (showing the body when it differs) and returns the JSON body (undefined when empty).</summary>
    public static async Task<JsonElement> ShouldHaveAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : Json.Parse(text);
    }

    /// <summary>Checks an error answer: status, problem+json, the stable code. Returns the problem body.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.ShouldHaveAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("trace_id").GetString()));
        return body;
    }

    public static async Task<JsonElement> ShouldBeValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var errors = problem.GetProperty("errors");
        foreach (var field in fields) Assert.True(errors.TryGetProperty(field, out _), $"expected an error for '{field}', got: {errors.GetRawText()}");
        return problem;
    }

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues) : null;
}
