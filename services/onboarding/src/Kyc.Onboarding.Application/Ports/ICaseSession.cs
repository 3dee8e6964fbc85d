using Kyc.Onboarding.Domain.Cases;

namespace Kyc.Onboarding.Application.Ports;

/// <summary>
/// The cases of one data region within one command's unit of work. What it hands out or is given is stored, with its
/// events, when the command pipeline commits.
/// </summary>
public interface ICaseSession
{
    string Region { get; }

    /// <summary>The case, locked for this transaction; <paramref name="partnerId"/> null only for operators, who act across partners.</summary>
    Task<OnboardingCase?> FindForUpdateAsync(string? partnerId, CaseId id, CancellationToken ct);

    /// <summary>A new case, inserted at commit.</summary>
    void Add(OnboardingCase @case);
}
