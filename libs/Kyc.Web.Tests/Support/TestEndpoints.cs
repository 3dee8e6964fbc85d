using Kyc.Web.Auth;
using Kyc.Web.Deprecation;
using Kyc.SharedKernel;
using Kyc.Web.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kyc.Web.Tests.Support;

/// <summary>The test service's endpoints: a partner resource, an operator one, and anonymous ones that fail on purpose.</summary>
public static class TestEndpoints
{
    public const string ReadScope = "things:read";
    public const string WriteScope = "things:write";
    public static readonly DateTimeOffset Sunset = new(2030, 6, 30, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset DeprecatedSince = new(2025, 1, 15, 0, 0, 0, TimeSpan.Zero);
    public static readonly ErrorDefinition CaseNotFound = new("case_not_found", 404, "Case not found");
    public static readonly ErrorDefinition IllegalTransition = new("illegal_transition", 409, "Illegal transition");

    public static void AddServices(IServiceCollection services) => services.AddKycErrors(CaseNotFound, IllegalTransition);

    public static void Map(WebApplication app)
    {
        var things = app.MapGroup("/v1/things").RequireScope(ReadScope).RequirePartner();
        things.MapGet("/{id}", (string id, PartnerContext partner, ITenant tenant) =>
            Results.Ok(new ThingView(id, partner.PartnerId, tenant.PartnerId)));
        things.MapPost("/", (ThingRequest request, PartnerContext partner) =>
            Results.Created($"/v1/things/{request.Name}", new ThingView(request.Name, partner.PartnerId, partner.PartnerId)))
            .RequireScope(WriteScope);

        app.MapGet("/v1/operator/queue", () => Results.Ok(new { items = Array.Empty<string>() })).RequireOperator();
        app.MapGet("/v1/whoami", (ITenant tenant) => Results.Ok(new { partner_id = tenant.PartnerId }));

        var open = app.MapGroup("/v1/open").AllowAnonymous();
        open.MapPost("/things", (ThingRequest request) => request.Count < 0
            ? ApiResults.ValidationFailed(new Dictionary<string, string[]> { ["count"] = ["must be zero or more"] })
            : Results.Created($"/v1/open/things/{request.Name}", request));
        open.MapGet("/boom", string () => throw new InvalidOperationException("secret detail for jane.doe@example.com"));
        open.MapGet("/database-down", async Task<string> () =>
        {
            // Nothing listens on port 1: a real connection refusal, as when a database is down.
            await using var connection = new Npgsql.NpgsqlConnection("Host=127.0.0.1;Port=1;Username=jane.doe;Password=secret;Timeout=5;Pooling=false");
            await connection.OpenAsync();
            return "unreachable";
        });
        open.MapGet("/cases/{id}", string (string id) => throw new CodedException(CaseNotFound, detail: "No such case."));
        open.MapGet("/unregistered-code", string () => throw new CodedException(new ErrorDefinition("no_such_code", 400, "No such code")));
        open.MapPost("/cases/{id}/approve", (string id) => ApiResults.Problem(IllegalTransition, "The case is already rejected."));
        open.MapGet("/empty-not-found", () => Results.NotFound());
        open.MapGet("/framework-problem", () => TypedResults.Problem(statusCode: 409));
        open.MapGet("/old", () => Results.Ok(new { old = true })).Deprecated(Sunset, "https://docs.onboarding-kyc.dev/migrations/v2", DeprecatedSince);
    }

    public sealed record ThingRequest(string Name, int Count);

    public sealed record ThingView(string Id, string PartnerId, string TenantId);
}
