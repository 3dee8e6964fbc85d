using System.Net;
using Kyc.Onboarding.Tests.Support;
using Kyc.Testing;
using Xunit;

namespace Kyc.Onboarding.Tests.Api;

/// <summary>Real tokens from the stack's OpenID Connect provider: audience, lifetime, scopes, partner and operator role.</summary>
public sealed class AuthTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task A_request_without_a_token_is_401_unauthenticated()
    {
        var anonymous = new ApiClient(app.ClientWithToken(null), "nobody");

        using var list = await anonymous.ListAsync();
        await list.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.StartsWith("Bearer", list.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        using var create = await anonymous.CreateCaseAsync(CaseBodies.CompleteCase());
        await create.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        using var review = await anonymous.StartReviewAsync("eu-0193f7a2-c4b8-7e3a-9f2b-1c4d5e6f7a8b");
        await review.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task A_garbled_token_is_401_unauthenticated()
    {
        var garbled = new ApiClient(app.ClientWithToken("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"), "nobody");

        using var list = await garbled.ListAsync();

        await list.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task An_expired_token_is_401_unauthenticated()
    {
        var token = await TestTokens.GetAsync(new ClientSpec("partner-expiring", ["cases:read"], AccessTokenTtlSeconds: 1));
        var expiresAt = Tokens.ExpiresAt(token);
        var client = new ApiClient(app.ClientWithToken(token), "partner-expiring");

        // Wait until the token is past its exp (the API allows no clock skew here), then use it.
        while (DateTimeOffset.UtcNow <= expiresAt.AddMilliseconds(500)) await Task.Delay(100);
        using var list = await client.ListAsync();

        var problem = await list.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("invalid_token", list.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401_unauthenticated()
    {
        var token = await TestTokens.GetAsync(new ClientSpec("partner-a", ["cases:read", "cases:write"]), audience: "other-api");
        var client = new ApiClient(app.ClientWithToken(token), "partner-a");

        using var list = await client.ListAsync();

        await list.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task A_token_without_the_operations_scope_is_403_insufficient_scope()
    {
        var reader = await app.PartnerAsync("partner-reader", "cases:read");

        using var create = await reader.CreateCaseAsync(CaseBodies.CompleteCase());

        await create.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Contains("insufficient_scope", create.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("cases:write", create.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.Eu.CountCasesAsync("partner-reader"));
        using var list = await reader.ListAsync();
        await list.ShouldHaveAsync(HttpStatusCode.OK);

        var writer = await app.PartnerAsync("partner-writer", "cases:write");
        using var read = await writer.ListAsync();
        await read.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task A_partner_token_on_operator_endpoints_is_403()
    {
        var partner = await app.PartnerAsync("partner-a");
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        using (var submit = await partner.SubmitAsync(created.Id)) await submit.ShouldHaveAsync(HttpStatusCode.OK);

        // Without cases:decide the missing scope is named; with it (but no operator role) the role is missing.
        using (var r = await partner.StartReviewAsync(created.Id)) await r.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        var scoped = await app.PartnerAsync("partner-a", "cases:read", "cases:write", "cases:decide");
        using (var r = await scoped.StartReviewAsync(created.Id)) await r.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using (var r = await scoped.RequestInfoAsync(created.Id, "missing_documents")) await r.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using (var r = await scoped.DecideAsync(created.Id, "approved", "all_checks_passed")) await r.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal("submitted", (await partner.GetCaseOkAsync(created.Id)).Status);
    }

    [Fact]
    public async Task An_operator_token_that_names_no_partner_is_403_partner_required_on_partner_endpoints()
    {
        var token = await TestTokens.GetAsync(new ClientSpec("", ["cases:read", "cases:write", "cases:decide"], [TestTokens.OperatorRole]));
        var operatorOnly = new ApiClient(app.ClientWithToken(token), "");

        using (var r = await operatorOnly.ListAsync()) await r.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "partner_required");
        using (var r = await operatorOnly.CreateCaseAsync(CaseBodies.CompleteCase())) await r.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "partner_required");
        using (var r = await operatorOnly.GetCaseAsync("eu-0193f7a2-c4b8-7e3a-9f2b-1c4d5e6f7a8b"))
            await r.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "partner_required");
        using (var r = await operatorOnly.AddPartyAsync("eu-0193f7a2-c4b8-7e3a-9f2b-1c4d5e6f7a8b", CaseBodies.DirectorParty()))
            await r.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "partner_required");

        // The same token may act on the operator endpoints.
        using var review = await operatorOnly.StartReviewAsync("eu-0193f7a2-c4b8-7e3a-9f2b-1c4d5e6f7a8b");
        await review.ShouldBeProblemAsync(HttpStatusCode.NotFound, "case_not_found");
    }

    [Fact]
    public async Task The_operators_token_of_the_brief_acts_on_any_partners_case_but_not_as_a_partner()
    {
        var partner = await app.PartnerAsync("partner-a");
        var created = await partner.CreateCaseOkAsync(CaseBodies.CompleteCase());
        using (var submit = await partner.SubmitAsync(created.Id)) await submit.ShouldHaveAsync(HttpStatusCode.OK);
        var ops = new ApiClient(app.ClientWithToken(await TestTokens.GetAsync(new ClientSpec("ops", ["cases:decide"], ["operator"]))), "ops");

        using (var r = await ops.StartReviewAsync(created.Id)) await r.ShouldHaveAsync(HttpStatusCode.OK);
        using (var r = await ops.CreateCaseAsync(CaseBodies.CompleteCase())) await r.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
        using (var r = await ops.GetCaseAsync(created.Id)) await r.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "insufficient_scope");
    }
}
