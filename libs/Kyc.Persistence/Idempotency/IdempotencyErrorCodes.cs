namespace Kyc.Persistence.Idempotency;

/// <summary>The error catalog codes the HTTP layer answers with.</summary>
public static class IdempotencyErrorCodes
{
    /// <summary>400: the Idempotency-Key header is not 1–255 visible ASCII characters.</summary>
    public const string KeyInvalid = "idempotency_key_invalid";

    /// <summary>422: the key was already used by this partner with a different request.</summary>
    public const string KeyReused = "idempotency_key_reused";
}
