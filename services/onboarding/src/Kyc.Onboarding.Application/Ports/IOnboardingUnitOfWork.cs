using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Ports;

/// <summary>A stored response to replay for a repeated Idempotency-Key.</summary>
public sealed record StoredResponse(int Status, string ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Body);

public abstract record IdempotencyClaim
{
    /// <summary>The key was used before with the same request: answer with what was answered then.</summary>
    public sealed record Replay(StoredResponse Response) : IdempotencyClaim;

    /// <summary>The key was used before with a different request.</summary>
    public sealed record Mismatch : IdempotencyClaim;
}

/// <summary>The Idempotency-Key claimed at commit (<see cref="IOnboardingUnitOfWork.ClaimIdempotencyKeyAtCommit"/>) exists; nothing was stored.</summary>
public sealed class IdempotencyKeyTakenException(Exception inner)
    : Exception("The Idempotency-Key was used before; the transaction was rolled back.", inner);

/// <summary>
/// One database transaction in one region's database: the case change, its integration events (outbox) and, for
/// creating requests, the stored Idempotency-Key response all commit together or not at all.
/// Writes may be deferred until <see cref="CommitAsync"/>, which then also reports their failures (e.g. a concurrent
/// change). Disposing without <see cref="CommitAsync"/> rolls everything back.
/// </summary>
public interface IOnboardingUnitOfWork : IAsyncDisposable
{
    string Region { get; }

    /// <summary>
    /// Claims a key not claimed before, together with its response, at commit: no round trip of its own. When the key
    /// exists (used before, expired but not purged yet, or by a request still running, which commit then waits for),
    /// <see cref="CommitAsync"/> throws <see cref="IdempotencyKeyTakenException"/> and nothing is stored; decide then with
    /// <see cref="IOnboardingUnitOfWorkFactory.FindIdempotentAnswerAsync"/>.
    /// </summary>
    void ClaimIdempotencyKeyAtCommit(string partnerId, string key, string requestHash, StoredResponse response);

    /// <summary>The case, locked for this transaction; <paramref name="partnerId"/> null only for operators, who act across partners.</summary>
    Task<OnboardingCase?> FindForUpdateAsync(string? partnerId, CaseId id, CancellationToken ct);

    /// <summary>Stores a new case and the integration events of its pending domain events.</summary>
    Task InsertAsync(OnboardingCase @case, CancellationToken ct);

    /// <summary>Stores a changed case (whose stored version is <paramref name="loadedVersion"/>) and its pending events.</summary>
    Task UpdateAsync(OnboardingCase @case, int loadedVersion, CancellationToken ct);

    Task CommitAsync(CancellationToken ct);
}

public interface IOnboardingUnitOfWorkFactory
{
    Task<IOnboardingUnitOfWork> BeginAsync(string region, CancellationToken ct);

    /// <summary>
    /// Whether the partner's Idempotency-Key is held in a region other than <paramref name="region"/>. A key names one
    /// request; the same key for a company of another region is another request. Reads key metadata only, no personal data.
    /// </summary>
    Task<bool> IsKeyHeldElsewhereAsync(string partnerId, string key, string region, CancellationToken ct);

    /// <summary>
    /// How the partner's committed, unexpired key in <paramref name="region"/> answers this request (a replay, or a
    /// mismatch for another request), without claiming or locking it; null when the region has no such key.
    /// </summary>
    Task<IdempotencyClaim?> FindIdempotentAnswerAsync(string region, string partnerId, string key, string requestHash, CancellationToken ct);

    /// <summary>Deletes the partner's key in <paramref name="region"/> if it has expired (housekeeping would, later), so it can be claimed anew.</summary>
    Task ForgetExpiredIdempotencyKeyAsync(string region, string partnerId, string key, CancellationToken ct);
}

/// <summary>The id that ties together everything one partner request caused (its X-Request-Id), for events and audit.</summary>
public interface ICorrelationContext
{
    string? CorrelationId { get; }
}
