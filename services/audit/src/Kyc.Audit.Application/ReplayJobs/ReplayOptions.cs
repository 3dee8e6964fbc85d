namespace Kyc.Audit.Application.ReplayJobs;

/// <summary>Replay worker settings (configuration section <c>Audit:Replay</c>).</summary>
public sealed class ReplayOptions
{
    public const string SectionName = "Audit:Replay";

    /// <summary>Rows read and published per batch; progress is saved after each batch the broker acknowledged.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>A pause after each batch, to spare the target topic's consumers (0: none).</summary>
    public TimeSpan PauseBetweenBatches { get; set; } = TimeSpan.Zero;

    /// <summary>How long a worker owns a running job without saving progress; after that another instance (or a restart) takes it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle worker looks for queued jobs (a job created on this instance wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive failed attempts to publish a batch before the job fails.</summary>
    public int MaxPublishAttempts { get; set; } = 5;

    /// <summary>The first wait after a failed publish attempt; doubled per attempt (with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether this instance runs replay jobs at all.</summary>
    public bool Enabled { get; set; } = true;
}
