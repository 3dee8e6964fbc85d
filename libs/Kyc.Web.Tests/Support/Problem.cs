using System.Net;
using System.Text.Json;
using Xunit;

namespace Kyc.Web.Tests.Support;

/// <summary>A problem+json response body, checked for the members every error of the platform has.</summary>
public sealed record Problem(HttpStatusCode Status, JsonElement Body)
{
    public string Code => Body.GetProperty("code").GetString()!;

    public string TraceId => Body.GetProperty("trace_id").GetString()!;

    public string Raw => Body.GetRawText();

    public static async Task<Problem> ReadAsync(HttpResponseMessage response, HttpStatusCode expectedStatus, string expectedCode)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expectedStatus == response.StatusCode, $"expected {(int)expectedStatus}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        var problem = new Problem(response.StatusCode, body);

        Assert.Equal(expectedCode, problem.Code);
        Assert.Equal($"https://docs.onboarding-kyc.dev/errors/{expectedCode}", body.GetProperty("type").GetString());
        Assert.Equal((int)expectedStatus, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        Assert.Equal(response.RequestMessage!.RequestUri!.AbsolutePath, body.GetProperty("instance").GetString());
        Assert.Matches("^[0-9a-f]{32}$", problem.TraceId);
        Assert.False(body.TryGetProperty("traceId", out _));
        return problem;
    }
}
