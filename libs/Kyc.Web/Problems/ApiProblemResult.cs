using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kyc.Web.Problems;

/// <summary>A problem answer returned from a handler; see <see cref="ApiResults"/>.</summary>
public sealed class ApiProblemResult : IResult
{
    internal ApiProblemResult(string code, ErrorDefinition? error, string? detail, IReadOnlyDictionary<string, string[]>? errors)
    {
        Code = code;
        Error = error;
        Detail = detail;
        Errors = errors;
    }

    public string Code { get; }

    public ErrorDefinition? Error { get; }

    public string? Detail { get; }

    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var error = Error ?? httpContext.RequestServices.GetRequiredService<ErrorCatalog>().Get(Code);
        return ProblemResponse.WriteAsync(httpContext, error, Detail, Errors);
    }
}
