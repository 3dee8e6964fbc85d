namespace Kyc.Contracts.Onboarding;

/// <summary>
/// The fields every onboarding event carries. <see cref="CaseId"/> is the aggregate id: the Kafka key, and the
/// CloudEvents <c>subject</c>; <see cref="Version"/> orders one case's events.
/// </summary>
public interface IOnboardingEvent
{
    /// <summary>The case: region code, hyphen, lowercase UUID (e.g. <c>eu-2f1c…</c>).</summary>
    string CaseId { get; }

    /// <summary>The partner (tenant) that owns the case.</summary>
    string PartnerId { get; }

    /// <summary>The case's version after the change.</summary>
    int Version { get; }

    /// <summary>When the change was committed.</summary>
    DateTimeOffset OccurredAt { get; }
}
