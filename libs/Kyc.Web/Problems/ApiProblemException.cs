namespace Kyc.Web.Problems;

/// <summary>
/// Thrown by handlers (or anything below them) to answer with a problem from the catalog, for example
/// <c>throw new ApiProblemException("case_not_found", detail: "No case with this id.")</c>.
/// The exception message is the code only: <paramref name="detail"/> goes to the client, never to logs.
/// </summary>
public sealed class ApiProblemException : Exception
{
    public ApiProblemException(string code, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(code)
    {
        Code = code;
        Detail = detail;
        Errors = errors;
    }

    public ApiProblemException(ErrorDefinition error, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
        : this(error.Code, detail, errors)
    {
        Error = error;
    }

    public string Code { get; }

    /// <summary>The definition when thrown with one; otherwise the code is looked up in the catalog.</summary>
    public ErrorDefinition? Error { get; }

    /// <summary>Human explanation for the client: no PII, no internals.</summary>
    public string? Detail { get; }

    /// <summary>Field name to messages, for validation problems.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }
}
