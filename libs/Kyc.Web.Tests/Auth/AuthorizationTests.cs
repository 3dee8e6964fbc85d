using System.Net;
using System.Net.Http.Json;
using Kyc.Testing;
using Kyc.Web.Tests.Support;
using Xunit;

namespace Kyc.Web.Tests.Auth;

[Collection(SharedAppCollection.Name)]
public sealed class AuthorizationTests(SharedApp shared)
{
    private readonly TestApp _app = shared.App;

    [Fact]
    public async Task A_token_with_the_scope_reaches_the_handler_which_sees_the_partner_id()
    {
        var token = await TestTokens.ForPartnerAsync("partner-a", TestEndpoints.ReadScope);

        using var response = await _app.Client(token).GetAsync("/v1/things/t-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var thing = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        Assert.Equal("t-1", thing!["id"]);
        Assert.Equal("partner-a", thing["partner_id"]);
        Assert.Equal("partner-a", thing["tenant_id"]);
    }

    [Fact]
    public async Task A_token_without_the_scope_is_403_insufficient_scope_naming_the_scope()
    {
        var token = await TestTokens.ForPartnerAsync("partner-a", "other:read");

        using var response = await _app.Client(token).GetAsync("/v1/things/t-1");

        await Problem.ReadAsync(response, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"things:read\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Scopes_of_the_group_and_of_the_endpoint_are_both_required()
    {
        var readOnly = await TestTokens.ForPartnerAsync("partner-a", TestEndpoints.ReadScope);
        var readWrite = await TestTokens.ForPartnerAsync("partner-a", TestEndpoints.ReadScope, TestEndpoints.WriteScope);
        var body = new { name = "t-2", count = 1 };

        using var refused = await _app.Client(readOnly).PostAsJsonAsync("/v1/things", body);
        using var created = await _app.Client(readWrite).PostAsJsonAsync("/v1/things", body);

        await Problem.ReadAsync(refused, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_partner_id_is_403_partner_required()
    {
        var token = await TestTokens.GetAsync(new ClientSpec("", [TestEndpoints.ReadScope]));

        using var byPolicy = await _app.Client(token).GetAsync("/v1/things/t-1");
        using var byTenantAccessor = await _app.Client(token).GetAsync("/v1/whoami");

        await Problem.ReadAsync(byPolicy, HttpStatusCode.Forbidden, "partner_required");
        await Problem.ReadAsync(byTenantAccessor, HttpStatusCode.Forbidden, "partner_required");
    }

    [Fact]
    public async Task The_operator_endpoint_refuses_a_partner_token_with_403_forbidden()
    {
        var token = await TestTokens.ForPartnerAsync("partner-a", TestEndpoints.ReadScope);

        using var response = await _app.Client(token).GetAsync("/v1/operator/queue");

        await Problem.ReadAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_operator_endpoint_accepts_an_operator_token()
    {
        var token = await TestTokens.ForOperatorAsync("queue:read");

        using var response = await _app.Client(token).GetAsync("/v1/operator/queue");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_endpoint_without_its_own_rule_still_requires_a_token()
    {
        using var response = await _app.Client().GetAsync("/v1/whoami");

        await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
