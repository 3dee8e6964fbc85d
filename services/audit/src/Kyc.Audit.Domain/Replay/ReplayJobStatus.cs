namespace Kyc.Audit.Domain.Replay;

/// <summary>queued → running → completed | failed; queued or running → cancelled. Wire names from <c>Kyc.SharedKernel.Wire</c>.</summary>
public enum ReplayJobStatus
{
    Queued,
    Running,
    Completed,
    Cancelled,
    Failed,
}
