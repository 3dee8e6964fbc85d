namespace Kyc.Audit.Domain.Chain;

/// <summary>Why a link of the chain does not hold; wire names (<c>prev_hash_mismatch</c>, ...) from <c>Kyc.SharedKernel.Wire</c>.</summary>
public enum ChainBreakKind
{
    /// <summary>A row is missing: the rows do not number 1, 2, 3, … without gaps.</summary>
    MissingRow,

    /// <summary>A row's <c>prev_hash</c> is not the stored hash of the row before it.</summary>
    PrevHashMismatch,

    /// <summary>A row's <c>hash</c> is not SHA-256 of its <c>prev_hash</c> and its content: the row was changed.</summary>
    HashMismatch,

    /// <summary>
    /// The row of an anchor (a (seq, hash) pair noted earlier, outside the database) is missing or has another hash: rows
    /// were removed at the end, or the chain was rewritten from that row on with recomputed hashes.
    /// </summary>
    AnchorMismatch,
}
