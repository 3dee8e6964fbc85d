using Kyc.Web.OpenApi;
using Microsoft.OpenApi;

namespace Kyc.Web.Tests.OpenApi;

/// <summary>A service's part of its document, the way a real service writes it.</summary>
public sealed class ThingsOpenApi : KycOpenApiTransformer
{
    public const string CreateThing = "createThing";
    public const string ReplaceThing = "replaceThing";

    protected override OpenApiInfo Info => new() { Title = "Things API", Version = "v1" };

    protected override string SecurityDescription => "Client credentials for things.";

    protected override IReadOnlyDictionary<string, string> Scopes { get; } = new Dictionary<string, string>
    {
        ["things:read"] = "Read things",
        ["things:write"] = "Change things",
    };

    protected override IReadOnlyDictionary<string, string[]> RequiredRequestFields { get; } = new Dictionary<string, string[]>
    {
        ["ThingRequest"] = ["name"],
    };

    protected override IReadOnlyDictionary<string, OperationDoc> Operations { get; } = new Dictionary<string, OperationDoc>
    {
        [CreateThing] = new(["things:write"], [HeaderDoc.IdempotencyKey], [401, 422], "Creates a thing."),
        [ReplaceThing] = new(["things:read", "things:write"], [HeaderDoc.IfMatch(required: true, "The thing's ETag.")], [412, 428], "Replaces a thing."),
    };
}
