using System.Diagnostics;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Chain;
using Kyc.SharedKernel;

namespace Kyc.Audit.Application.Verification;

/// <summary>An optional anchor: a (seq, hash) noted earlier outside the database.</summary>
public sealed record VerifyChainCommand(long? AnchorSeq, string? AnchorHash);

/// <summary>
/// The result of a walk over the whole chain. <see cref="Verified"/> when every link holds; otherwise
/// <see cref="FirstBrokenSeq"/> is the first row whose link does not hold and <see cref="Reason"/> says why.
/// <see cref="LastSeq"/>/<see cref="LastHash"/> is the last row that holds: note it as an anchor for the next run.
/// </summary>
public sealed record VerificationResult(
    bool Verified,
    long VerifiedRows,
    long LastSeq,
    string? LastHash,
    long? FirstBrokenSeq,
    string? BreakKind,
    string? Reason,
    DateTimeOffset StartedAt,
    double DurationMs);

/// <summary>Walks the whole chain from row 1 in chunks (memory stays flat however long the log is).</summary>
public sealed class VerifyChainHandler(IAuditLog log, TimeProvider clock) : IQueryHandler<VerifyChainCommand, VerificationResult>
{
    public const int DefaultChunkSize = 1000;

    public int ChunkSize { get; init; } = DefaultChunkSize;

    public async Task<VerificationResult> HandleAsync(VerifyChainCommand command, CancellationToken ct)
    {
        var anchor = ParseAnchor(command);
        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var walk = new ChainWalk(anchor);
        // The walk ends at the head as it was when it started; rows appended meanwhile are left for the next run.
        var head = await log.HeadAsync(ct);
        var after = 0L;
        while (walk.Break is null && after < head.Seq)
        {
            var rows = await log.ReadChainAsync(after, (int)Math.Min(ChunkSize, head.Seq - after), ct);
            if (rows.Count == 0) break;
            foreach (var row in rows)
            {
                if (!walk.Check(row)) break;
            }
            after = rows[^1].Seq;
        }
        walk.Finish(head.Seq);
        var broken = walk.Break;
        return new VerificationResult(broken is null, walk.VerifiedRows, walk.LastSeq,
            walk.LastSeq == 0 ? null : Convert.ToHexStringLower(walk.LastHash), broken?.Seq, broken is null ? null : KindName(broken.Kind),
            broken?.Reason, started, watch.Elapsed.TotalMilliseconds);
    }

    public static string KindName(ChainBreakKind kind) => kind switch
    {
        ChainBreakKind.MissingRow => "missing_row",
        ChainBreakKind.PreviousHashMismatch => "prev_hash_mismatch",
        ChainBreakKind.HashMismatch => "hash_mismatch",
        ChainBreakKind.AnchorMismatch => "anchor_mismatch",
        _ => kind.ToString(),
    };

    private static ChainAnchor? ParseAnchor(VerifyChainCommand command)
    {
        var errors = new FieldErrors();
        if (command.AnchorSeq is null != command.AnchorHash is null)
            errors.Add(command.AnchorSeq is null ? "anchor_seq" : "anchor_hash", "anchor_seq and anchor_hash go together.");
        if (command.AnchorSeq is < 1) errors.Add("anchor_seq", "Must be 1 or more.");
        byte[]? hash = null;
        if (command.AnchorHash is { } hex)
        {
            if (hex.Length != AuditChain.HashLength * 2 || !hex.All(char.IsAsciiHexDigit)) errors.Add("anchor_hash", "Must be 64 hexadecimal characters.");
            else hash = Convert.FromHexString(hex);
        }
        errors.ThrowIfAny();
        return command.AnchorSeq is { } seq && hash is not null ? new ChainAnchor(seq, hash) : null;
    }
}
