namespace Kyc.Persistence.Idempotency;

/// <summary>
/// The Idempotency-Key a unit of work claimed at commit (<see cref="IdempotencyStore.ClaimCompletedCommand"/>) exists; the
/// transaction was rolled back and nothing was stored.
/// </summary>
public sealed class IdempotencyKeyTakenException(Exception inner)
    : Exception("The Idempotency-Key was used before; the transaction was rolled back.", inner);
