using Microsoft.OpenApi;

namespace Kyc.Web.OpenApi;

/// <summary>A request header an operation reads outside its signature (so the generator cannot see it).</summary>
public sealed record HeaderDoc(string Name, bool Required, string Description)
{
    /// <summary>Required on every POST that creates something (API conventions).</summary>
    public static readonly HeaderDoc IdempotencyKey = new("Idempotency-Key", true,
        "A key you choose (e.g. a UUID) that makes retries safe: the same key and body get the first response again.");

    /// <summary>The ETag as last read; <paramref name="description"/> says of what resource.</summary>
    public static HeaderDoc IfMatch(bool required, string description) => new("If-Match", required, description);

    public OpenApiParameter ToParameter() => new()
    {
        Name = Name,
        In = ParameterLocation.Header,
        Required = Required,
        Description = Description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
    };
}
