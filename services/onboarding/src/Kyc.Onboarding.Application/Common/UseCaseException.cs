namespace Kyc.Onboarding.Application.Common;

/// <summary>A use case refused a request. <see cref="Code"/> is the stable error code partners see (docs/api/error-catalog.md).</summary>
public sealed class UseCaseException(string code, string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    public string Code { get; } = code;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();
}

public static class UseCaseErrors
{
    public const string ValidationFailed = "validation_failed";
    public const string CaseNotFound = "case_not_found";
    public const string PreconditionFailed = "precondition_failed";
    public const string JurisdictionNotServed = "jurisdiction_not_served";
    public const string CrossRegionMoveRefused = "cross_region_move_refused";
}
