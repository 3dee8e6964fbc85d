using Kyc.Web.Problems;

namespace Kyc.Audit.Api;

/// <summary>The audit service's error codes (docs/api/error-catalog.md), in addition to Kyc.Web's base codes.</summary>
public static class AuditErrors
{
    public static readonly IReadOnlyList<ErrorDefinition> All =
    [
        new("audit_event_not_found", 404, "Audit event not found"),
        new("replay_job_not_found", 404, "Replay job not found"),
        new("replay_job_finished", 409, "Replay job already finished"),
        new("idempotency_key_required", 400, "Idempotency-Key required"),
        new("idempotency_key_invalid", 400, "Idempotency-Key invalid"),
        new("idempotency_key_reused", 422, "Idempotency-Key reused with another request"),
    ];
}
