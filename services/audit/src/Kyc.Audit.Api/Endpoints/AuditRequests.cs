using Kyc.Audit.Application.Events;
using Kyc.Audit.Application.ReplayJobs;

namespace Kyc.Audit.Api.Endpoints;

public sealed record PageLinks(string Self, string? Next);

public sealed record EventListResponse(IReadOnlyList<AuditEventView> Items, string? NextCursor, int Limit, PageLinks Links);

/// <summary>An optional anchor for <c>POST /v1/audit/verify</c>: a (seq, hash) pair noted from an earlier verification.</summary>
public sealed record VerifyRequest(long? AnchorSeq, string? AnchorHash);

/// <summary>
/// A replay job: <c>target_topic</c> (<c>kyc.replay.&lt;name&gt;</c>) or <c>original_topics: true</c> (each event to its
/// producer's topic), and the filter.
/// </summary>
public sealed record CreateReplayJobRequest(string? TargetTopic, ReplayFilterInput? Filter, bool? OriginalTopics = null);
