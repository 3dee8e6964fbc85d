using Kyc.Audit.Domain.Log;
using Kyc.Audit.Domain.Replay;

namespace Kyc.Audit.Application.Ports;

/// <summary>
/// The replay jobs within one command's unit of work: a job created or read for a change is written when the command
/// pipeline commits; the log is read in the same transaction (one snapshot for a job's range and count).
/// </summary>
public interface IReplayJobSession
{
    /// <summary>The last seq of the log now.</summary>
    Task<long> LastSeqAsync(CancellationToken ct);

    /// <summary>How many rows <paramref name="filter"/> selects.</summary>
    Task<long> CountAsync(ReplayFilter filter, CancellationToken ct);

    /// <summary>A new job, inserted at commit (and the local worker woken after it).</summary>
    void Add(ReplayJob job);

    /// <summary>The job, locked for this transaction (its worker's progress saves wait), or null.</summary>
    Task<ReplayJob?> FindForUpdateAsync(Guid id, CancellationToken ct);
}

/// <summary>
/// The stored replay jobs. A worker owns a running job through a lease (renewed with each progress save); a job whose
/// lease ran out (its worker stopped) can be claimed again and resumes after its last published seq.
/// </summary>
public interface IReplayJobStore
{
    Task<ReplayJob?> FindAsync(Guid id, CancellationToken ct);

    /// <summary>Claims the oldest queued job, or a running one whose lease expired; null when there is none.</summary>
    Task<ReplayJob?> ClaimNextAsync(string workerId, TimeSpan lease, CancellationToken ct);

    /// <summary>Stores a running job's state (started, progress) if <paramref name="workerId"/> still owns it and it is still running.</summary>
    /// <returns>False when the job is no longer this worker's or was cancelled meanwhile: stop working on it.</returns>
    Task<bool> SaveRunningAsync(ReplayJob job, string workerId, TimeSpan lease, CancellationToken ct);

    /// <summary>Stores a completed or failed job if it is still this worker's running job; false when it was cancelled meanwhile.</summary>
    Task<bool> SaveFinishedAsync(ReplayJob job, string workerId, CancellationToken ct);

    /// <summary>Gives up a running job's lease (the host is stopping) so that the next worker resumes it at once.</summary>
    Task ReleaseAsync(Guid id, string workerId, CancellationToken ct);
}

/// <summary>Re-publishes recorded events (CloudEvents binary binding, original id, plus the replay job id extension).</summary>
public interface IReplayPublisher
{
    /// <summary>
    /// Publishes <paramref name="rows"/> to <paramref name="topic"/> (a replay topic), or each to its producer's topic when it is
    /// null, and returns when the broker acknowledged every one.
    /// </summary>
    /// <exception cref="ReplayPublishException">A message could not be delivered, or a target is not allowed.</exception>
    Task PublishAsync(string? topic, Guid jobId, IReadOnlyList<AuditRecord> rows, CancellationToken ct);
}

/// <summary>A re-published message was not delivered; <see cref="Exception.Message"/> names the broker's error, never event data.</summary>
public sealed class ReplayPublishException(string message, Exception? inner = null) : Exception(message, inner);
