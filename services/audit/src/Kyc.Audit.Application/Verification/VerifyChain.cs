using System.Diagnostics;
using FluentValidation;
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
            walk.LastSeq == 0 ? null : Convert.ToHexStringLower(walk.LastHash), broken?.Seq, broken is null ? null : Wire.Name(broken.Kind),
            broken?.Reason, started, watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>The anchor of a validated command (<see cref="VerifyChainValidator"/>).</summary>
    private static ChainAnchor? ParseAnchor(VerifyChainCommand command) =>
        command is { AnchorSeq: { } seq, AnchorHash: { } hex } ? new ChainAnchor(seq, Convert.FromHexString(hex)) : null;
}

public sealed class VerifyChainValidator : AbstractValidator<VerifyChainCommand>
{
    public VerifyChainValidator()
    {
        RuleFor(c => c.AnchorSeq).NotNull().When(c => c.AnchorHash is not null).WithMessage("anchor_seq and anchor_hash go together.")
            .GreaterThanOrEqualTo(1).WithMessage("Must be 1 or more.");
        RuleFor(c => c.AnchorHash).NotNull().When(c => c.AnchorSeq is not null).WithMessage("anchor_seq and anchor_hash go together.")
            .Must(hex => hex is null || (hex.Length == AuditChain.HashLength * 2 && hex.All(char.IsAsciiHexDigit)))
            .WithMessage("Must be 64 hexadecimal characters.");
    }
}
