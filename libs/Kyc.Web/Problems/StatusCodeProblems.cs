using Microsoft.AspNetCore.Diagnostics;

namespace Kyc.Web.Problems;

/// <summary>
/// The status-code-pages handler: an error status with an empty body (from the framework, such as the 405 of
/// routing or the 400/415 of minimal API body binding, or from a handler's <c>Results.StatusCode</c>) gets the
/// problem body of its status.
/// </summary>
internal static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var error = BaseErrors.ForStatus(status);
        return ProblemResponse.WriteAsync(context.HttpContext, error, DetailFor(status), status: status);
    }

    private static string? DetailFor(int status) => status switch
    {
        400 => "The request could not be read: check its syntax, parameters and JSON body.",
        404 => "The resource does not exist.",
        405 => "The resource does not support this method; see the Allow header.",
        413 => "The request body is larger than this endpoint accepts.",
        415 => "The request body has a content type this endpoint does not accept; send application/json.",
        _ => null,
    };
}
