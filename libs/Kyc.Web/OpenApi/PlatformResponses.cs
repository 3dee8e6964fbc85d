using Microsoft.OpenApi;

namespace Kyc.Web.OpenApi;

/// <summary>
/// Answers every authenticated operation can give whatever it does: 429 when the partner's rate limit for the route group
/// is used up (docs/api/rate-limits.md), and 503 when the service is at its concurrency bound or a database it needs is
/// down for the moment. Both come with <c>Retry-After</c>.
/// </summary>
internal static class PlatformResponses
{
    private const string TooManyRequests = "TooManyRequests";
    private const string ServiceUnavailable = "ServiceUnavailable";

    /// <summary>The two answers, once, under the document's components.</summary>
    public static void AddTo(OpenApiDocument document)
    {
        document.Components!.Responses ??= new Dictionary<string, IOpenApiResponse>();
        document.Components.Responses[TooManyRequests] = Problem(document, "Too Many Requests: the partner's rate limit for this route group " +
            "is used up. Every response of a limited route carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset.", RateLimitHeaders());
        document.Components.Responses[ServiceUnavailable] = Problem(document, "Service Unavailable: busy, or a database is down for the " +
            "moment; retry after Retry-After.", new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = Header("Seconds to wait before retrying.") });
    }

    public static void ApplyTo(OpenApiOperation operation, OpenApiDocument document)
    {
        operation.Responses ??= [];
        operation.Responses["429"] = new OpenApiResponseReference(TooManyRequests, document);
        operation.Responses["503"] = new OpenApiResponseReference(ServiceUnavailable, document);
    }

    private static Dictionary<string, IOpenApiHeader> RateLimitHeaders() => new()
    {
        ["Retry-After"] = Header("Seconds until the window resets."),
        ["RateLimit-Limit"] = Header("Requests allowed per window for this partner and route group."),
        ["RateLimit-Remaining"] = Header("Requests left in the current window (0 here)."),
        ["RateLimit-Reset"] = Header("Seconds until the current window resets."),
    };

    private static OpenApiHeader Header(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } };

    private static OpenApiResponse Problem(OpenApiDocument document, string description, Dictionary<string, IOpenApiHeader> headers) => new()
    {
        Description = description,
        Headers = headers,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Name, document) },
        },
    };
}
