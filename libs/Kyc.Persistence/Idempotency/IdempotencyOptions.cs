namespace Kyc.Persistence.Idempotency;

/// <summary>How long a key and its stored response are kept (and replayed) after first use.</summary>
public sealed record IdempotencyOptions
{
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(24);
}
