namespace Kyc.Persistence.Idempotency;

public static class IdempotencyKey
{
    public const int MaxLength = 255;

    /// <summary>True for 1–255 visible ASCII characters (0x21–0x7E); otherwise answer 400 <c>idempotency_key_invalid</c> (Kyc.SharedKernel.CommonErrors).</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is >= '!' and <= '~');
}
