using Microsoft.AspNetCore.Http;

namespace Kyc.Web.Problems;

/// <summary>
/// Gives problems written by the framework's <c>IProblemDetailsService</c> (for example <c>TypedResults.Problem</c>
/// or built-in validation) the same members as ours: catalog code and type, instance, trace_id.
/// </summary>
internal static class ProblemDetailsNormalizer
{
    public static void Normalize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var error = problem is HttpValidationProblemDetails ? BaseErrors.ValidationFailed : BaseErrors.ForStatus(status);
        if (problem.Extensions.TryGetValue("code", out var code) && code is string known &&
            context.HttpContext.RequestServices.GetService(typeof(ErrorCatalog)) is ErrorCatalog catalog &&
            catalog.TryGet(known, out var fromCatalog))
        {
            error = fromCatalog;
        }

        problem.Status = status;
        problem.Type = error.Type;
        problem.Title = error.Title;
        problem.Detail ??= error.Title;
        problem.Instance = ProblemResponse.InstanceOf(context.HttpContext);
        problem.Extensions.Remove("traceId");
        problem.Extensions["code"] = error.Code;
        problem.Extensions["trace_id"] = ProblemResponse.TraceIdOf(context.HttpContext);
    }
}
