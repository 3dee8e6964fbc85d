namespace Kyc.Audit.Domain.Log;

/// <summary>
/// A row of the audit log: an <see cref="AuditEntry"/> at position <see cref="Seq"/> of the chain, with the hash of the
/// row before it and its own hash (see <see cref="Chain.AuditChain"/>).
/// </summary>
public sealed record AuditRecord(long Seq, AuditEntry Entry, byte[] PrevHash, byte[] Hash)
{
    public string HashHex => Convert.ToHexStringLower(Hash);

    public string PrevHashHex => Convert.ToHexStringLower(PrevHash);
}
