namespace Kyc.Persistence.Idempotency;

/// <summary>The response of the request that first used a key, replayed byte for byte (headers such as Location and ETag included).</summary>
public sealed record StoredResponse(int Status, string? ContentType, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body);
