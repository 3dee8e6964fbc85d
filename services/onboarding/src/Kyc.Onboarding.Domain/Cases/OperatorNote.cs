namespace Kyc.Onboarding.Domain.Cases;

/// <summary>An operator's outcome for a case, or an operator's request for more information.</summary>
public sealed record OperatorNote(string ReasonCode, string? Note, string By, DateTimeOffset At);
