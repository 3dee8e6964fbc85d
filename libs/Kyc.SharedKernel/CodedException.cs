namespace Kyc.SharedKernel;

/// <summary>
/// The one way domain, application and web code refuse a request: an entry of the error catalog (<see cref="Error"/>),
/// a human <see cref="Detail"/> for the caller, and per-field messages for validation. Kyc.Web maps it to problem+json,
/// once. The exception message is the code only: <see cref="Detail"/> goes to the caller, never to logs.
/// </summary>
public sealed class CodedException(ErrorDefinition error, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
    : Exception(error.Code)
{
    public ErrorDefinition Error { get; } = error;

    public string Code => Error.Code;

    /// <summary>For the caller: no personal data, no internals.</summary>
    public string? Detail { get; } = detail;

    /// <summary>Messages per field, keyed by the request's JSON path (<c>company.registered_address.country</c>, <c>parties[1]</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();
}
