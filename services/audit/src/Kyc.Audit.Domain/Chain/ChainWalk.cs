using Kyc.Audit.Domain.Log;

namespace Kyc.Audit.Domain.Chain;

/// <summary>A (seq, hash) pair of the chain noted earlier and kept outside the database (e.g. in the operators' log).</summary>
public sealed record ChainAnchor(long Seq, byte[] Hash);

/// <summary>The first link of the chain that does not hold: at row <see cref="Seq"/>, for <see cref="Reason"/>.</summary>
public sealed record ChainBreak(long Seq, ChainBreakKind Kind, string Reason);

/// <summary>
/// Walks the rows of the chain in <c>seq</c> order (in as many chunks as the caller likes) and stops at the first link
/// that does not hold. Checks per row: it is the next number; its <c>prev_hash</c> is the previous row's stored hash
/// (genesis for row 1); its hash is recomputed from its content. Rows are never trusted: only recomputed.
/// </summary>
public sealed class ChainWalk(ChainAnchor? anchor = null)
{
    private byte[] _previousHash = AuditChain.Genesis.ToArray();

    /// <summary>The seq of the last row that was checked and holds (0 before the first).</summary>
    public long LastSeq { get; private set; }

    /// <summary>The stored hash of the last row that holds (genesis before the first).</summary>
    public ReadOnlySpan<byte> LastHash => _previousHash;

    /// <summary>How many rows were checked and hold.</summary>
    public long VerifiedRows { get; private set; }

    /// <summary>The first link that does not hold, once found; nothing more is checked after it.</summary>
    public ChainBreak? Break { get; private set; }

    /// <summary>Checks the next row; false once the chain is broken (here or before).</summary>
    public bool Check(AuditRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (Break is not null) return false;
        var expected = LastSeq + 1;
        if (row.Seq != expected)
        {
            Break = new ChainBreak(expected, ChainBreakKind.MissingRow,
                row.Seq > expected
                    ? $"row {expected} is missing: the row after {LastSeq} is {row.Seq}"
                    : $"row {row.Seq} appears again after row {LastSeq}");
            return false;
        }
        if (!row.PrevHash.AsSpan().SequenceEqual(_previousHash))
        {
            Break = new ChainBreak(row.Seq, ChainBreakKind.PrevHashMismatch,
                row.Seq == 1
                    ? "row 1's prev_hash is not the genesis hash (32 zero bytes)"
                    : $"row {row.Seq}'s prev_hash is not the stored hash of row {row.Seq - 1}: row {row.Seq - 1}'s hash or this row's prev_hash was rewritten");
            return false;
        }
        var recomputed = AuditChain.Hash(row.PrevHash, row.Seq, row.Entry);
        if (!recomputed.AsSpan().SequenceEqual(row.Hash))
        {
            Break = new ChainBreak(row.Seq, ChainBreakKind.HashMismatch,
                $"row {row.Seq}'s hash does not match its content: the row was changed after it was appended");
            return false;
        }
        if (anchor is not null && row.Seq == anchor.Seq && !row.Hash.AsSpan().SequenceEqual(anchor.Hash))
        {
            Break = new ChainBreak(row.Seq, ChainBreakKind.AnchorMismatch,
                $"row {row.Seq}'s hash is not the anchor's: the chain was rewritten up to or from this row with recomputed hashes");
            return false;
        }
        _previousHash = row.Hash;
        LastSeq = row.Seq;
        VerifiedRows++;
        return true;
    }

    /// <summary>
    /// Call after the last row. Rows up to <paramref name="expectedLastSeq"/> (the highest seq the log reported) must have
    /// been seen; an anchor beyond the last row means rows were removed at the end of the log.
    /// </summary>
    public void Finish(long expectedLastSeq = 0)
    {
        if (Break is null && expectedLastSeq > LastSeq)
            Break = new ChainBreak(LastSeq + 1, ChainBreakKind.MissingRow, $"row {LastSeq + 1} is missing: the log reported rows up to {expectedLastSeq}");
        if (Break is null && anchor is not null && anchor.Seq > LastSeq)
            Break = new ChainBreak(LastSeq + 1, ChainBreakKind.AnchorMismatch,
                $"the log ends at row {LastSeq}, but the anchor names row {anchor.Seq}: rows were removed at the end");
    }
}
