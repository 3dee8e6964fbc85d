using System.Text.Json;
using Kyc.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static Kyc.Web.Tests.Support.TestEndpoints;

namespace Kyc.Web.Tests.OpenApi;

public sealed class KycOpenApiTransformerTests
{
    private static async Task<JsonElement> DocumentAsync()
    {
        await using var app = await TestApp.StartAsync(
            builder => builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer<ThingsOpenApi>().AddSchemaTransformer<ThingsOpenApi>()),
            web =>
            {
                web.MapPost("/v1/gadgets", (ThingRequest request) => Results.Created($"/v1/gadgets/{request.Name}", request))
                    .WithName(ThingsOpenApi.CreateThing);
                web.MapPut("/v1/gadgets/{id}", (string id, ThingRequest request) => Results.Ok(request)).WithName(ThingsOpenApi.ReplaceThing);
                web.MapGet("/v1/gadgets", () => Results.Ok()).WithName("listGadgets");
                web.MapOpenApi().AllowAnonymous();
            });
        var json = await app.Client().GetStringAsync("/openapi/v1.json");
        return JsonDocument.Parse(json).RootElement;
    }

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    [Fact]
    public async Task The_document_has_the_service_info_the_gateway_server_the_problem_schema_and_the_client_credentials_scheme()
    {
        var document = await DocumentAsync();

        Assert.Equal("Things API", document.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal("https://api.onboarding-kyc.dev", document.GetProperty("servers")[0].GetProperty("url").GetString());
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("Problem");
        Assert.Equal(["type", "title", "status", "code", "trace_id"], problem.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2");
        Assert.Equal("oauth2", scheme.GetProperty("type").GetString());
        Assert.Equal("Client credentials for things.", scheme.GetProperty("description").GetString());
        var flow = scheme.GetProperty("flows").GetProperty("clientCredentials");
        Assert.Equal("https://auth.onboarding-kyc.dev/realms/kyc/protocol/openid-connect/token", flow.GetProperty("tokenUrl").GetString());
        Assert.Equal(["things:read", "things:write"], flow.GetProperty("scopes").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_described_operation_gets_its_scopes_headers_problem_answers_and_description()
    {
        var create = Operation(await DocumentAsync(), "/v1/gadgets", "post");

        Assert.Equal("Creates a thing.", create.GetProperty("description").GetString());
        Assert.Equal(["things:write"], create.GetProperty("security")[0].GetProperty("oauth2").EnumerateArray().Select(e => e.GetString()));
        var header = Assert.Single(create.GetProperty("parameters").EnumerateArray());
        Assert.Equal("Idempotency-Key", header.GetProperty("name").GetString());
        Assert.Equal("header", header.GetProperty("in").GetString());
        Assert.True(header.GetProperty("required").GetBoolean());
        Assert.Equal(255, header.GetProperty("schema").GetProperty("maxLength").GetInt32());
        foreach (var (status, reason) in new[] { ("401", "Unauthorized"), ("422", "Unprocessable Entity") })
        {
            var response = create.GetProperty("responses").GetProperty(status);
            Assert.Equal(reason, response.GetProperty("description").GetString());
            Assert.Equal("#/components/schemas/Problem",
                response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        }
    }

    [Fact]
    public async Task Headers_are_added_after_the_parameters_of_the_signature()
    {
        var replace = Operation(await DocumentAsync(), "/v1/gadgets/{id}", "put");

        var parameters = replace.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Equal(["id", "If-Match"], parameters.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("The thing's ETag.", parameters[1].GetProperty("description").GetString());
        Assert.Equal(["things:read", "things:write"], replace.GetProperty("security")[0].GetProperty("oauth2").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task An_operation_without_a_doc_is_left_as_generated()
    {
        var list = Operation(await DocumentAsync(), "/v1/gadgets", "get");

        Assert.False(list.TryGetProperty("security", out _));
        Assert.False(list.TryGetProperty("description", out _));
    }

    [Fact]
    public async Task Only_the_listed_request_fields_are_required()
    {
        var document = await DocumentAsync();

        var thing = document.GetProperty("components").GetProperty("schemas").GetProperty("ThingRequest");
        Assert.Equal(["name"], thing.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }
}
