using System.Security.Cryptography;
using System.Text;

namespace Kyc.Persistence.Idempotency;

/// <summary>
/// Identifies "the same request" for an Idempotency-Key: SHA-256 (lowercase hex) over the method, the path and the raw
/// body bytes. The body is not parsed or canonicalised, so a client retrying must resend the identical bytes.
/// </summary>
public static class IdempotencyRequestHash
{
    public static string Compute(string method, string path, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Newlines separate the parts: neither a method nor a path can contain one, so no two requests share an input.
        hash.AppendData(Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{path}\n"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
