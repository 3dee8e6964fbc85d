using Kyc.SharedKernel;
using Microsoft.AspNetCore.Http;

namespace Kyc.Commands.Http;

/// <summary>A read with its ETag: 304 when the client's If-None-Match names it (weak comparison, RFC 9110 13.1.2) or is <c>*</c>.</summary>
public static class EntityReads
{
    public static IResult Ok<T>(HttpContext http, string etag, T body)
    {
        http.Response.Headers.ETag = etag;
        return NoneMatchHits(http.Request.Headers.IfNoneMatch.ToString(), etag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(body);
    }

    private static bool NoneMatchHits(string ifNoneMatch, string etag) =>
        ifNoneMatch.Trim() == "*" || (EntityTag.ParseList(ifNoneMatch) ?? []).Any(tag => EntityTag.WeakEquals(tag, etag));
}
