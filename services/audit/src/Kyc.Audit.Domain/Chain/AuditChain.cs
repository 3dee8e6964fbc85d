using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kyc.Audit.Domain.Log;

namespace Kyc.Audit.Domain.Chain;

/// <summary>
/// The hash chain of the audit log (format <see cref="FormatTag"/>). Row <c>n</c> stores
/// <c>prev_hash = hash(n-1)</c> (32 zero bytes for row 1) and <c>hash = SHA-256(prev_hash || canonical_content(n))</c>.
/// The canonical content is a sequence of fields, each written as a 4-byte big-endian byte length followed by the
/// field's UTF-8 text (a null field is the length <c>0xFFFFFFFF</c> and no bytes), in this order:
/// <list type="number">
/// <item>the format tag <c>kyc.audit.chain.v1</c></item>
/// <item><c>seq</c> (decimal)</item>
/// <item><c>event_id</c> (lowercase UUID with hyphens)</item>
/// <item><c>event_type</c>, <c>source</c>, <c>subject</c>, <c>partner_id</c>, <c>correlation_id</c>, <c>trace_id</c>, <c>data_schema</c></item>
/// <item><c>occurred_at</c>, <c>recorded_at</c> (microseconds since the Unix epoch, decimal)</item>
/// <item><c>topic</c>, <c>partition</c>, <c>kafka_offset</c> (decimal)</item>
/// <item><c>data</c>: PostgreSQL's text form of the stored jsonb (<c>data::text</c>)</item>
/// </list>
/// Everything is computable from the row as stored, so anyone with read access can re-check the chain
/// (docs/services/audit.md has the same definition and a SQL-only check).
/// </summary>
public static class AuditChain
{
    public const string FormatTag = "kyc.audit.chain.v1";

    public const int HashLength = 32;

    private const uint NullLength = uint.MaxValue;

    private static readonly byte[] GenesisBytes = new byte[HashLength];

    /// <summary>The <c>prev_hash</c> of row 1: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => GenesisBytes;

    /// <summary>The row that follows a chain whose last row is (<paramref name="lastSeq"/>, <paramref name="lastHash"/>); 0 and genesis for an empty log.</summary>
    public static AuditRecord Append(long lastSeq, ReadOnlySpan<byte> lastHash, AuditEntry entry)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lastSeq);
        if (lastHash.Length != HashLength) throw new ArgumentException($"A chain hash is {HashLength} bytes.", nameof(lastHash));
        var seq = lastSeq + 1;
        return new AuditRecord(seq, entry, lastHash.ToArray(), Hash(lastHash, seq, entry));
    }

    /// <summary><c>SHA-256(prev_hash || canonical_content)</c>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> prevHash, long seq, AuditEntry entry)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(prevHash);
        sha.AppendData(CanonicalContent(seq, entry));
        return sha.GetHashAndReset();
    }

    /// <summary>The canonical content of a row (see the class summary).</summary>
    public static byte[] CanonicalContent(long seq, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var buffer = new MemoryStream(256 + entry.Data.Length);
        Write(buffer, FormatTag);
        Write(buffer, seq.ToString(CultureInfo.InvariantCulture));
        Write(buffer, entry.EventId.ToString("D"));
        Write(buffer, entry.EventType);
        Write(buffer, entry.Source);
        Write(buffer, entry.Subject);
        Write(buffer, entry.PartnerId);
        Write(buffer, entry.CorrelationId);
        Write(buffer, entry.TraceId);
        Write(buffer, entry.DataSchema);
        Write(buffer, Microseconds.SinceUnixEpoch(entry.OccurredAt).ToString(CultureInfo.InvariantCulture));
        Write(buffer, Microseconds.SinceUnixEpoch(entry.RecordedAt).ToString(CultureInfo.InvariantCulture));
        Write(buffer, entry.Topic);
        Write(buffer, entry.Partition?.ToString(CultureInfo.InvariantCulture));
        Write(buffer, entry.Offset?.ToString(CultureInfo.InvariantCulture));
        Write(buffer, entry.Data);
        return buffer.ToArray();
    }

    private static void Write(MemoryStream buffer, string? field)
    {
        Span<byte> length = stackalloc byte[4];
        if (field is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, NullLength);
            buffer.Write(length);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(field);
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
