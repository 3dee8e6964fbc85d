namespace Kyc.Persistence.Idempotency;

/// <summary>What <see cref="IdempotencyStore.BeginAsync"/> decided for a request carrying an Idempotency-Key.</summary>
public abstract record IdempotencyOutcome
{
    private IdempotencyOutcome() { }

    /// <summary>This request owns the key: run the command, then <see cref="IdempotencyStore.CompleteAsync"/> before commit.</summary>
    public sealed record Proceed : IdempotencyOutcome;

    /// <summary>The same key and body were already answered: return <paramref name="Response"/> and change nothing.</summary>
    public sealed record Replay(StoredResponse Response) : IdempotencyOutcome;

    /// <summary>The key was used with another request: answer 422 <c>idempotency_key_reused</c> (Kyc.SharedKernel.CommonErrors).</summary>
    public sealed record Mismatch : IdempotencyOutcome;
}
