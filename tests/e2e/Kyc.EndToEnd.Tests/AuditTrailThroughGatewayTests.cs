using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kyc.Testing;
using Xunit;

namespace Kyc.EndToEnd.Tests;

/// <summary>
/// The spine end to end, as the platform runs: the onboarding service writes a case and its events in one transaction,
/// the outbox relay publishes them to Kafka, the audit service records them; an operator finds each request's events in the
/// audit trail under the request's correlation id (its X-Request-Id) and trace id (its traceparent).
/// </summary>
public sealed class AuditTrailThroughGatewayTests
{
    private static readonly HttpClient Gateway = new() { BaseAddress = StackSettings.GatewayUrl, Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Creating_and_submitting_a_case_lands_both_requests_events_in_the_audit_trail_with_their_correlation_and_trace_ids()
    {
        var partner = await TestTokens.ForPartnerAsync($"e2e-{Guid.NewGuid():N}"[..20], "cases:read", "cases:write");
        var createRequestId = $"e2e-create-{Guid.NewGuid():N}";
        var submitRequestId = $"e2e-submit-{Guid.NewGuid():N}";
        var createTrace = Guid.NewGuid().ToString("N");
        var submitTrace = Guid.NewGuid().ToString("N");

        using var create = Request(HttpMethod.Post, "/v1/onboarding/cases", partner, Walkthrough.CompanyWithTwoUbosAndADirector);
        create.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        create.Headers.Add("X-Request-Id", createRequestId);
        create.Headers.Add("traceparent", $"00-{createTrace}-{Guid.NewGuid().ToString("N")[..16]}-01");
        using var created = await Gateway.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        var caseId = location[(location.LastIndexOf('/') + 1)..];

        using var submit = Request(HttpMethod.Post, location + "/submit", partner);
        submit.Headers.Add("X-Request-Id", submitRequestId);
        submit.Headers.Add("traceparent", $"00-{submitTrace}-{Guid.NewGuid().ToString("N")[..16]}-01");
        using var submitted = await Gateway.SendAsync(submit);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);

        var operatorToken = await TestTokens.GetAsync(new ClientSpec("platform-operators", ["audit:read"], [TestTokens.OperatorRole]));
        var createEvents = await AuditEventsAsync(operatorToken, createRequestId, expected: 4);
        var submitEvents = await AuditEventsAsync(operatorToken, submitRequestId, expected: 1);

        Assert.Equal(["kyc.onboarding.case.created.v1", "kyc.onboarding.party.added.v1", "kyc.onboarding.party.added.v1", "kyc.onboarding.party.added.v1"],
            createEvents.Select(e => e.GetProperty("event_type").GetString()));
        Assert.All(createEvents, e => Assert.Equal(createTrace, e.GetProperty("trace_id").GetString()));
        Assert.Equal("kyc.onboarding.case.submitted.v1", submitEvents.Single().GetProperty("event_type").GetString());
        Assert.Equal(submitTrace, submitEvents.Single().GetProperty("trace_id").GetString());
        Assert.All(createEvents.Concat(submitEvents), e => Assert.Equal(caseId, e.GetProperty("aggregate_id").GetString()));
    }

    /// <summary>Waits (bounded) until the audit trail holds the request's events: the spine is asynchronous by design.</summary>
    private static async Task<List<JsonElement>> AuditEventsAsync(string token, string correlationId, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            using var response = await Gateway.SendAsync(Request(HttpMethod.Get, $"/v1/audit/events?correlation_id={correlationId}&limit=50", token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var items = page.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
            if (items.Count >= expected || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, items.Count);
                return items;
            }
            await Task.Delay(250);
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }
}
