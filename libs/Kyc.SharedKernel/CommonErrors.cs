namespace Kyc.SharedKernel;

/// <summary>
/// The error codes the command pipeline answers with in every service (docs/api/error-catalog.md): validation, the
/// If-Match preconditions and the Idempotency-Key. Services define their own next to their domain.
/// </summary>
public static class CommonErrors
{
    public static readonly ErrorDefinition ValidationFailed = new("validation_failed", 422, "Validation failed");
    public static readonly ErrorDefinition PreconditionRequired = new("precondition_required", 428, "If-Match required");
    public static readonly ErrorDefinition PreconditionFailed = new("precondition_failed", 412, "Version mismatch");
    public static readonly ErrorDefinition IdempotencyKeyRequired = new("idempotency_key_required", 400, "Idempotency-Key required");
    public static readonly ErrorDefinition IdempotencyKeyInvalid = new("idempotency_key_invalid", 400, "Idempotency-Key invalid");
    public static readonly ErrorDefinition IdempotencyKeyReused = new("idempotency_key_reused", 422, "Idempotency-Key reused with another request");

    public static IReadOnlyList<ErrorDefinition> All { get; } =
        [ValidationFailed, PreconditionRequired, PreconditionFailed, IdempotencyKeyRequired, IdempotencyKeyInvalid, IdempotencyKeyReused];
}
