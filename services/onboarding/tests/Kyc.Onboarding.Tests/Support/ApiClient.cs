using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kyc.Onboarding.Tests.Support;

/// <summary>A partner's (or an operator's) HTTP client for the onboarding API, with the headers the API asks for.</summary>
public sealed class ApiClient(HttpClient http, string partnerId)
{
    public const string Cases = "/v1/onboarding/cases";

    public HttpClient Http { get; } = http;

    public string PartnerId { get; } = partnerId;

    public Task<HttpResponseMessage> CreateCaseAsync(JsonNode body, string? key = null, string? requestId = null) =>
        SendAsync(HttpMethod.Post, Cases, Json.Content(body), ("Idempotency-Key", key ?? NewKey()), ("X-Request-Id", requestId));

    /// <summary>Creates a case and checks the 201; returns the case as answered.</summary>
    public async Task<CaseResponse> CreateCaseOkAsync(JsonNode body)
    {
        using var response = await CreateCaseAsync(body);
        var json = await response.ShouldHaveAsync(HttpStatusCode.Created);
        return new CaseResponse(json, response.Headers.ETag?.Tag);
    }

    public Task<HttpResponseMessage> GetCaseAsync(string caseId, string? ifNoneMatch = null) =>
        SendAsync(HttpMethod.Get, $"{Cases}/{caseId}", null, ("If-None-Match", ifNoneMatch));

    public async Task<CaseResponse> GetCaseOkAsync(string caseId)
    {
        using var response = await GetCaseAsync(caseId);
        var json = await response.ShouldHaveAsync(HttpStatusCode.OK);
        return new CaseResponse(json, response.Headers.ETag?.Tag);
    }

    public Task<HttpResponseMessage> ListAsync(string query = "") =>
        SendAsync(HttpMethod.Get, query.Length == 0 ? Cases : $"{Cases}?{query}", null);

    public async Task<JsonElement> ListOkAsync(string query = "")
    {
        using var response = await ListAsync(query);
        return await response.ShouldHaveAsync(HttpStatusCode.OK);
    }

    public Task<HttpResponseMessage> PatchCaseAsync(string caseId, JsonNode body, string? ifMatch, string? requestId = null) =>
        SendAsync(HttpMethod.Patch, $"{Cases}/{caseId}", Json.Content(body), ("If-Match", ifMatch), ("X-Request-Id", requestId));

    public Task<HttpResponseMessage> SubmitAsync(string caseId, string? ifMatch = null) =>
        SendAsync(HttpMethod.Post, $"{Cases}/{caseId}/submit", null, ("If-Match", ifMatch));

    public Task<HttpResponseMessage> AddPartyAsync(string caseId, JsonNode party, string? key = null, string? ifMatch = null) =>
        SendAsync(HttpMethod.Post, $"{Cases}/{caseId}/parties", Json.Content(party), ("Idempotency-Key", key ?? NewKey()), ("If-Match", ifMatch));

    public Task<HttpResponseMessage> UpdatePartyAsync(string caseId, string partyId, JsonNode party, string? ifMatch) =>
        SendAsync(HttpMethod.Put, $"{Cases}/{caseId}/parties/{partyId}", Json.Content(party), ("If-Match", ifMatch));

    public Task<HttpResponseMessage> RemovePartyAsync(string caseId, string partyId, string? ifMatch) =>
        SendAsync(HttpMethod.Delete, $"{Cases}/{caseId}/parties/{partyId}", null, ("If-Match", ifMatch));

    public Task<HttpResponseMessage> StartReviewAsync(string caseId, string? ifMatch = null) =>
        SendAsync(HttpMethod.Post, $"{Cases}/{caseId}/start-review", null, ("If-Match", ifMatch));

    public Task<HttpResponseMessage> RequestInfoAsync(string caseId, string? reasonCode, string? note = null, string? ifMatch = null) =>
        SendAsync(HttpMethod.Post, $"{Cases}/{caseId}/request-info",
            Json.Content(new JsonObject { ["reason_code"] = reasonCode, ["note"] = note }), ("If-Match", ifMatch));

    public Task<HttpResponseMessage> DecideAsync(string caseId, string outcome, string reasonCode, string? note = null, string? ifMatch = null) =>
        SendAsync(HttpMethod.Post, $"{Cases}/{caseId}/decision",
            Json.Content(new JsonObject { ["outcome"] = outcome, ["reason_code"] = reasonCode, ["note"] = note }), ("If-Match", ifMatch));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, params (string Name, string? Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (value is not null) request.Headers.TryAddWithoutValidation(name, value);
        }
        return await Http.SendAsync(request);
    }

    public static string NewKey() => Guid.NewGuid().ToString();
}

/// <summary>A case as the API answered it, with its ETag.</summary>
public sealed record CaseResponse(JsonElement Json, string? ETag)
{
    public string Id => Json.GetProperty("id").GetString()!;

    public string Status => Json.GetProperty("status").GetString()!;

    public int Version => Json.GetProperty("version").GetInt32();

    public JsonElement Party(int index) => Json.GetProperty("parties")[index];

    public string PartyId(int index) => Party(index).GetProperty("id").GetString()!;
}

public static class Json
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON text with non-ASCII characters as they are (UTF-8), not as \u escapes.</summary>
    public static string Text(JsonNode node) => node.ToJsonString(Options);

    public static ByteArrayContent Content(JsonNode node) => Content(Text(node));

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
