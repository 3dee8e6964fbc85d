namespace Kyc.Commands;

/// <summary>
/// What the pipeline needs of the request beside the command: the correlation id its events carry (the request id),
/// and for a creating request its Idempotency-Key (scoped per partner or operator) with the hash of the request it names.
/// </summary>
public sealed record CommandRequest(string? CorrelationId, IdempotentRequest? Idempotency = null);

/// <param name="Scope">Whose key: a partner id, or <c>operator:&lt;client&gt;</c>.</param>
/// <param name="RequestHash">The method, path and raw body (Kyc.Persistence.Idempotency.IdempotencyRequestHash).</param>
public sealed record IdempotentRequest(string Scope, string Key, string RequestHash);

/// <summary>The answer, as stored with its key: replayed answers are exactly the first one.</summary>
public sealed record CommandOutcome(Answer? Answer, Kyc.Persistence.Idempotency.StoredResponse? Stored, bool Replayed);
