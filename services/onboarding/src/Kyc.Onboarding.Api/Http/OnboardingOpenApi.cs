using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kyc.Onboarding.Api.Http;

/// <summary>
/// Completes the generated OpenAPI document with what the code expresses outside the endpoint signatures: OAuth 2
/// client-credentials security and scopes, the Idempotency-Key and If-Match headers, and every problem+json answer.
/// </summary>
public sealed class OnboardingOpenApi : IOpenApiDocumentTransformer, IOpenApiSchemaTransformer
{
    /// <summary>
    /// Request fields that must be present. Everything else in a request is optional at the JSON level (the generator would
    /// call every constructor parameter required); what a field must contain is checked by the validators, field by field.
    /// </summary>
    private static readonly Dictionary<string, string[]> RequiredRequestFields = new()
    {
        ["CreateCaseRequest"] = ["company"],
        ["CompanyInput"] = ["legal_name", "jurisdiction", "entity_type", "registered_address"],
        ["AddressInput"] = ["line1", "city", "postal_code", "country"],
        ["PartyInput"] = ["type", "roles"],
        ["IdentityDocumentInput"] = ["type", "number", "issuing_country"],
        ["UpdateCaseRequest"] = [],
        ["RequestInfoRequest"] = ["reason_code"],
        ["DecisionRequest"] = ["outcome", "reason_code"],
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (RequiredRequestFields.TryGetValue(context.JsonTypeInfo.Type.Name, out var required))
            schema.Required = new HashSet<string>(required);
        return Task.CompletedTask;
    }

    private enum IfMatch { None, Optional, Required }

    private sealed record OperationDoc(string[] Scopes, bool Idempotent, IfMatch IfMatch, int[] Errors, string Description);

    private static readonly int[] Auth = [401, 403];
    private static readonly Dictionary<string, OperationDoc> Operations = new()
    {
        ["createCase"] = new(["cases:write"], true, IfMatch.None, [400, .. Auth, 413, 415, 422],
            "Opens a draft case for a corporate customer in the data region of its jurisdiction, optionally with its parties. Repeat a request with the same Idempotency-Key and body to get the first response again."),
        ["listCases"] = new(["cases:read"], false, IfMatch.None, [.. Auth, 422],
            "Lists the calling partner's cases, newest first, with page and page_size (at most 100) and links to the next and previous pages."),
        ["getCase"] = new(["cases:read"], false, IfMatch.None, [.. Auth, 404],
            "Reads one case with its company details and parties. The ETag is the case's version: send it as If-Match to change the case, or as If-None-Match to get 304 when nothing changed."),
        ["updateCase"] = new(["cases:write"], false, IfMatch.Required, [400, .. Auth, 404, 409, 412, 413, 415, 422, 428],
            "Replaces the company details (as a whole) and/or the external reference of a draft or info_requested case. A jurisdiction of another data region is refused: cases never move between regions."),
        ["submitCase"] = new(["cases:write"], false, IfMatch.Optional, [.. Auth, 404, 409, 412, 422],
            "Hands a complete case (a director for company types, at least one beneficial owner, registration details) to review."),
        ["addParty"] = new(["cases:write"], true, IfMatch.Optional, [400, .. Auth, 404, 409, 412, 413, 415, 422],
            "Adds a director, ultimate beneficial owner, shareholder or signatory (a natural person, or a corporate shareholder or director) to a draft or info_requested case."),
        ["updateParty"] = new(["cases:write"], false, IfMatch.Required, [400, .. Auth, 404, 409, 412, 413, 415, 422, 428],
            "Replaces everything known about a party of a draft or info_requested case."),
        ["removeParty"] = new(["cases:write"], false, IfMatch.Required, [.. Auth, 404, 409, 412, 428],
            "Removes a party from a draft or info_requested case."),
        ["startReview"] = new(["cases:decide"], false, IfMatch.Optional, [.. Auth, 404, 409, 412],
            "Operators take a submitted case into review."),
        ["requestInfo"] = new(["cases:decide"], false, IfMatch.Optional, [400, .. Auth, 404, 409, 412, 415, 422],
            "Operators send a case in review back to the partner with a reason code and a note; the partner changes it and submits again."),
        ["decideCase"] = new(["cases:decide"], false, IfMatch.Optional, [400, .. Auth, 404, 409, 412, 415, 422],
            "Operators approve or reject a case in review, with a reason code and an optional note."),
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "OnboardingKyc onboarding API",
            Version = "v1",
            Contact = new OpenApiContact { Name = "OnboardingKyc partner integration", Email = "integrations@onboarding-kyc.dev" },
            Description = "Corporate onboarding cases, their parties and lifecycle. Errors are RFC 9457 problem+json with a stable `code` " +
                "(docs/api/error-catalog.md). Authenticate with OAuth 2 client credentials; the token's partner_id is your tenant.",
        };
        // The generated document must not depend on where it was generated (it is committed and compared).
        document.Servers = [new OpenApiServer { Url = "https://api.onboarding-kyc.dev", Description = "Production gateway" }];
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas["Problem"] = ProblemSchema();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            ["oauth2"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Client credentials from the platform's identity provider (Keycloak).",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri("https://auth.onboarding-kyc.dev/realms/kyc/protocol/openid-connect/token"),
                        Scopes = new Dictionary<string, string>
                        {
                            ["cases:read"] = "Read the partner's cases",
                            ["cases:write"] = "Open and change the partner's cases",
                            ["cases:decide"] = "Review and decide cases (operators)",
                        },
                    },
                },
            },
        };
        foreach (var path in document.Paths.Values)
        {
            if (path.Operations is null) continue;
            foreach (var operation in path.Operations.Values)
            {
                if (operation.OperationId is { } id && Operations.TryGetValue(id, out var doc)) Describe(operation, doc, document);
            }
        }
        return Task.CompletedTask;
    }

    private static void Describe(OpenApiOperation operation, OperationDoc doc, OpenApiDocument document)
    {
        operation.Description = doc.Description;
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("oauth2", document)] = [.. doc.Scopes] }];
        operation.Parameters ??= [];
        if (doc.Idempotent)
            operation.Parameters.Add(Header("Idempotency-Key", true, "A key you choose (e.g. a UUID) that makes retries safe: the same key and body get the first response again."));
        if (doc.IfMatch != IfMatch.None)
            operation.Parameters.Add(Header("If-Match", doc.IfMatch == IfMatch.Required, "The case's ETag as last read, e.g. \"3\"."));
        operation.Responses ??= [];
        foreach (var status in doc.Errors)
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("Problem", document) },
                },
            };
        }
    }

    private static OpenApiParameter Header(string name, bool required, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
    };

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details with a stable code.",
        Required = new HashSet<string> { "type", "title", "status", "code", "trace_id" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable error code, see the error catalog." },
            ["trace_id"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Messages per field path (validation errors).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}
