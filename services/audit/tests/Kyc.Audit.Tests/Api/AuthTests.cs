using System.Net;
using System.Text.Json.Nodes;
using Kyc.Audit.Tests.Support;
using Kyc.Testing;
using Xunit;

namespace Kyc.Audit.Tests.Api;

public sealed class AuthTests(AuditApiFactory app) : IClassFixture<AuditApiFactory>
{
    public static TheoryData<string, string> Operations => new()
    {
        { "GET", AuditClient.Events },
        { "GET", $"{AuditClient.Events}/0193f7a2-0000-7000-8000-000000000001" },
        { "GET", "/v1/audit/statistics" },
        { "POST", "/v1/audit/verify" },
        { "POST", AuditClient.ReplayJobs },
        { "GET", $"{AuditClient.ReplayJobs}/0193f7a2-0000-7000-8000-000000000001" },
        { "POST", $"{AuditClient.ReplayJobs}/0193f7a2-0000-7000-8000-000000000001/cancel" },
    };

    private static Task<HttpResponseMessage> SendAsync(AuditClient client, string method, string path) =>
        client.SendAsync(new HttpMethod(method), path,
            method == "POST" && path == AuditClient.ReplayJobs ? Json.Content(new JsonObject { ["target_topic"] = "x" }) : null,
            ("Idempotency-Key", Guid.NewGuid().ToString()));

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Without_a_token_every_operation_is_unauthenticated(string method, string path)
    {
        using var response = await SendAsync(new AuditClient(app.ClientWithToken(null)), method, path);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_partner_is_forbidden_everything_even_with_the_audit_scopes(string method, string path)
    {
        using var response = await SendAsync(await app.PartnerAsync(), method, path);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task An_operator_without_audit_read_may_not_search()
    {
        var ops = await app.OperatorAsync("cases:decide");

        using var response = await ops.GetAsync(AuditClient.Events);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task An_operator_with_audit_read_only_may_read_but_not_replay()
    {
        var reader = await app.OperatorAsync("audit:read");

        using var search = await reader.GetAsync(AuditClient.Events);
        using var create = await reader.CreateReplayJobAsync(new JsonObject { ["target_topic"] = "kyc.replay.x" }, Guid.NewGuid().ToString());
        using var cancel = await reader.CancelAsync(Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var problem = await create.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Contains("audit:replay", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await cancel.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = await TestTokens.GetAsync(new ClientSpec("platform-operators", ["audit:read"], [TestTokens.OperatorRole]), "another-api");

        using var response = await new AuditClient(app.ClientWithToken(token)).GetAsync(AuditClient.Events);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Health_is_anonymous_and_ready_checks_the_database()
    {
        using var client = app.ClientWithToken(null);

        using var response = await client.GetAsync("/health/ready");

        var body = await response.ShouldHaveAsync(HttpStatusCode.OK);
        Assert.Contains("postgres", body.GetRawText(), StringComparison.Ordinal);
    }
}
