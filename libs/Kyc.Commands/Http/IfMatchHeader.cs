using Kyc.SharedKernel;
using Microsoft.AspNetCore.Http;

namespace Kyc.Commands.Http;

/// <summary>The If-Match precondition of a change (RFC 9110 13.1.1): <c>*</c> or a list of entity tags, one of which must be current.</summary>
public static class IfMatchHeader
{
    /// <summary>For changes that replace data: 428 without the header.</summary>
    public static IfMatch Required(HttpContext http) =>
        http.Request.Headers.IfMatch.Count == 0 || string.IsNullOrWhiteSpace(http.Request.Headers.IfMatch.ToString())
            ? throw new CodedException(CommonErrors.PreconditionRequired,
                "Send If-Match with the resource's current ETag (from a GET or the last change) to change it.")
            : Optional(http);

    /// <summary>For changes that take the header when sent (state transitions): no condition without it.</summary>
    public static IfMatch Optional(HttpContext http) => IfMatch.Parse(http.Request.Headers.IfMatch.ToString());
}
