using Kyc.Web.OpenApi;
using Microsoft.OpenApi;

namespace Kyc.Audit.Api.Http;

/// <summary>
/// The audit API's part of its OpenAPI document: operator-facing info, the audit scopes (operator role), which request
/// fields must be present, and per operation its scopes, Idempotency-Key header, problem+json answers and description.
/// </summary>
public sealed class AuditOpenApi : KycOpenApiTransformer
{
    protected override OpenApiInfo Info => new()
    {
        Title = "OnboardingKyc audit API",
        Version = "v1",
        Contact = new OpenApiContact { Name = "OnboardingKyc platform operations", Email = "operations@onboarding-kyc.dev" },
        Description = "The append-only, hash-chained audit log of every integration event of the platform: search, statistics, chain " +
            "verification and replay jobs. For operators only (role operator; scopes audit:read and audit:replay). Errors are RFC 9457 " +
            "problem+json with a stable `code` (docs/api/error-catalog.md). Chain format and runbook: docs/services/audit.md.",
    };

    protected override string SecurityDescription =>
        "Client credentials from the platform's identity provider (Keycloak); the client must have the operator role.";

    protected override IReadOnlyDictionary<string, string> Scopes { get; } = new Dictionary<string, string>
    {
        ["audit:read"] = "Search the audit log, read statistics and replay jobs, verify the chain (operators)",
        ["audit:replay"] = "Create and cancel replay jobs (operators)",
    };

    protected override IReadOnlyDictionary<string, string[]> RequiredRequestFields { get; } = new Dictionary<string, string[]>
    {
        ["CreateReplayJobRequest"] = ["target_topic"],
        ["ReplayFilterInput"] = [],
        ["VerifyRequest"] = [],
    };

    private static readonly int[] Auth = [401, 403];

    protected override IReadOnlyDictionary<string, OperationDoc> Operations { get; } = new Dictionary<string, OperationDoc>
    {
        ["searchAuditEvents"] = new(["audit:read"], [], [400, .. Auth, 422],
            "Recorded events in the order they were recorded (seq), filtered by aggregate_id (the CloudEvents subject), correlation_id, " +
            "event_type, partner_id and occurred_at (from inclusive, to exclusive). Cursor pagination: pass next_cursor as cursor for the " +
            "next page; limit 1 to 500 (default 50). Operators only (role operator)."),
        ["getAuditEvent"] = new(["audit:read"], [], [.. Auth, 404],
            "One recorded event by its CloudEvents id, with its place in the hash chain (seq, prev_hash, hash). The ETag is the row's hash: " +
            "rows never change."),
        ["getAuditStatistics"] = new(["audit:read"], [], [400, .. Auth, 422],
            "Events per type and per UTC day of occurrence between from and to (dates, at most 366 days; default the last 30 days), the " +
            "totals of the log, and per topic the number of events and when the last one occurred and was recorded."),
        ["verifyAuditChain"] = new(["audit:read"], [], [400, .. Auth, 415, 422],
            "Walks the whole hash chain from row 1, recomputing every row's hash, and reports the first row whose link does not hold " +
            "(first_broken_seq, break_kind, reason). Optionally checks an anchor (anchor_seq, anchor_hash) noted from an earlier run, which " +
            "also detects rows removed at the end or a chain rewritten with recomputed hashes."),
        ["createReplayJob"] = new(["audit:read", "audit:replay"], [HeaderDoc.IdempotencyKey], [400, .. Auth, 413, 415, 422],
            "Queues a job that re-publishes the recorded events selected by filter (fixed now: up to the current last seq or to_seq) to " +
            "target_topic in recorded order (keyed by aggregate, so each aggregate's events stay in order), with their original CloudEvents " +
            "ids and a ce_replayjobid header; delivery is at least once (consumers de-duplicate by id). Answers 202 with the job; " +
            "follow its Location. Repeat with the same Idempotency-Key and body to get the first response again."),
        ["getReplayJob"] = new(["audit:read"], [], [.. Auth, 404],
            "A replay job's status (queued, running, completed, cancelled, failed) and progress (events selected, published, last " +
            "published seq). A job interrupted by a restart resumes after its last published seq."),
        ["cancelReplayJob"] = new(["audit:read", "audit:replay"], [], [.. Auth, 404, 409],
            "Cancels a queued or running job: nothing more is published after the batch in flight. Cancelling a cancelled job answers it " +
            "again; a completed or failed job answers 409 replay_job_finished."),
    };
}
