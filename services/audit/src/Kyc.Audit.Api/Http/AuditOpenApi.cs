using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kyc.Audit.Api.Http;

/// <summary>
/// Completes the generated OpenAPI document with what the code expresses outside the endpoint signatures: OAuth 2
/// client-credentials security with the operator role and scopes, the Idempotency-Key header, every problem+json answer.
/// </summary>
public sealed class AuditOpenApi : IOpenApiDocumentTransformer, IOpenApiSchemaTransformer
{
    /// <summary>Request fields that must be present (the generator would call every constructor parameter required).</summary>
    private static readonly Dictionary<string, string[]> RequiredRequestFields = new()
    {
        ["CreateReplayJobRequest"] = ["target_topic"],
        ["ReplayFilterInput"] = [],
        ["VerifyRequest"] = [],
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (RequiredRequestFields.TryGetValue(context.JsonTypeInfo.Type.Name, out var required))
            schema.Required = new HashSet<string>(required);
        return Task.CompletedTask;
    }

    private sealed record OperationDoc(string[] Scopes, bool Idempotent, int[] Errors, string Description);

    private static readonly int[] Auth = [401, 403];
    private static readonly Dictionary<string, OperationDoc> Operations = new()
    {
        ["searchAuditEvents"] = new(["audit:read"], false, [400, .. Auth, 422],
            "Recorded events in the order they were recorded (seq), filtered by aggregate_id (the CloudEvents subject), correlation_id, " +
            "event_type, partner_id and occurred_at (from inclusive, to exclusive). Cursor pagination: pass next_cursor as cursor for the " +
            "next page; limit 1 to 500 (default 50). Operators only (role operator)."),
        ["getAuditEvent"] = new(["audit:read"], false, [.. Auth, 404],
            "One recorded event by its CloudEvents id, with its place in the hash chain (seq, prev_hash, hash). The ETag is the row's hash: " +
            "rows never change."),
        ["getAuditStatistics"] = new(["audit:read"], false, [400, .. Auth, 422],
            "Events per type and per UTC day of occurrence between from and to (dates, at most 366 days; default the last 30 days), the " +
            "totals of the log, and per topic the number of events and when the last one occurred and was recorded."),
        ["verifyAuditChain"] = new(["audit:read"], false, [400, .. Auth, 415, 422],
            "Walks the whole hash chain from row 1, recomputing every row's hash, and reports the first row whose link does not hold " +
            "(first_broken_seq, break_kind, reason). Optionally checks an anchor (anchor_seq, anchor_hash) noted from an earlier run, which " +
            "also detects rows removed at the end or a chain rewritten with recomputed hashes."),
        ["createReplayJob"] = new(["audit:read", "audit:replay"], true, [400, .. Auth, 413, 415, 422],
            "Queues a job that re-publishes the recorded events selected by filter (fixed now: up to the current last seq or to_seq) to " +
            "target_topic in recorded order (keyed by aggregate, so each aggregate's events stay in order), with their original CloudEvents " +
            "ids and a ce_replayjobid header; delivery is at least once (consumers de-duplicate by id). Answers 202 with the job; " +
            "follow its Location. Repeat with the same Idempotency-Key and body to get the first response again."),
        ["getReplayJob"] = new(["audit:read"], false, [.. Auth, 404],
            "A replay job's status (queued, running, completed, cancelled, failed) and progress (events selected, published, last " +
            "published seq). A job interrupted by a restart resumes after its last published seq."),
        ["cancelReplayJob"] = new(["audit:read", "audit:replay"], false, [.. Auth, 404, 409],
            "Cancels a queued or running job: nothing more is published after the batch in flight. Cancelling a cancelled job answers it " +
            "again; a completed or failed job answers 409 replay_job_finished."),
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "OnboardingKyc audit API",
            Version = "v1",
            Contact = new OpenApiContact { Name = "OnboardingKyc platform operations", Email = "operations@onboarding-kyc.dev" },
            Description = "The append-only, hash-chained audit log of every integration event of the platform: search, statistics, chain " +
                "verification and replay jobs. For operators only (role operator; scopes audit:read and audit:replay). Errors are RFC 9457 " +
                "problem+json with a stable `code` (docs/api/error-catalog.md). Chain format and runbook: docs/services/audit.md.",
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
                Description = "Client credentials from the platform's identity provider (Keycloak); the client must have the operator role.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri("https://auth.onboarding-kyc.dev/realms/kyc/protocol/openid-connect/token"),
                        Scopes = new Dictionary<string, string>
                        {
                            ["audit:read"] = "Search the audit log, read statistics and replay jobs, verify the chain (operators)",
                            ["audit:replay"] = "Create and cancel replay jobs (operators)",
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
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Required = true,
                Description = "A key you choose (e.g. a UUID) that makes retries safe: the same key and body get the first response again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
            });
        }
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
