using Microsoft.AspNetCore.Http;

namespace Kyc.Web.Problems;

/// <summary><c>Results</c>-style helpers answering with a problem from the error catalog.</summary>
public static class ApiResults
{
    /// <summary>A problem by catalog code, e.g. <c>ApiResults.Problem("case_not_found")</c>.</summary>
    public static ApiProblemResult Problem(string code, string? detail = null) => new(code, null, detail, null);

    public static ApiProblemResult Problem(ErrorDefinition error, string? detail = null) => new(error.Code, error, detail, null);

    /// <summary>422 <c>validation_failed</c> with the messages per field.</summary>
    public static ApiProblemResult ValidationFailed(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        new(BaseErrors.ValidationFailed.Code, BaseErrors.ValidationFailed, detail ?? "One or more fields are invalid.", errors);

    public static ApiProblemResult NotFound(string? detail = null) => Problem(BaseErrors.NotFound, detail);

    public static ApiProblemResult Conflict(string? detail = null) => Problem(BaseErrors.Conflict, detail);
}
