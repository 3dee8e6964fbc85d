using Kyc.SharedKernel;

namespace Kyc.Audit.Domain;

/// <summary>The audit service's error codes (docs/api/error-catalog.md), beside Kyc.Web's and the command pipeline's.</summary>
public static class AuditErrors
{
    public static readonly ErrorDefinition EventNotFound = new("audit_event_not_found", 404, "Audit event not found");
    public static readonly ErrorDefinition ReplayJobNotFound = new("replay_job_not_found", 404, "Replay job not found");
    public static readonly ErrorDefinition ReplayJobFinished = new("replay_job_finished", 409, "Replay job already finished");

    public static IReadOnlyList<ErrorDefinition> All { get; } = [EventNotFound, ReplayJobNotFound, ReplayJobFinished];
}
