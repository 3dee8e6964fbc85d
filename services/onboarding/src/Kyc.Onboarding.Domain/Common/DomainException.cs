namespace Kyc.Onboarding.Domain.Common;

/// <summary>A rule of the domain refused an operation. <see cref="Code"/> is the stable error code partners see.</summary>
public sealed class DomainException(string code, string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>Field-level reasons, keyed by the request's JSON path (e.g. <c>parties</c>, <c>company.registration_number</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();
}

public static class DomainErrors
{
    public const string IllegalTransition = "illegal_transition";
    public const string CaseNotEditable = "case_not_editable";
    public const string PartyNotFound = "party_not_found";
    public const string OwnershipExceeded = "ownership_exceeds_100";
    public const string CaseIncomplete = "case_incomplete";
    public const string TooManyParties = "too_many_parties";
}
