using Kyc.Web.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Kyc.Web.Hosting;

/// <summary>
/// Applies the request body limit (the endpoint's <see cref="IRequestSizeLimitMetadata"/>, else the service's
/// default): a declared <c>Content-Length</c> over it is answered 413 at once; otherwise the server enforces it
/// while the body is read, or, on servers without that feature (the test server), a counting stream does.
/// Kestrel's own limit (set too, in <c>AddKycWebDefaults</c>) is not enough alone: it refuses a declared length only
/// when the endpoint starts reading the body (one that reads none would run, and the unread body then ends the
/// connection, which a proxy in front reports as 502), and the in-memory test server, which every service's tests use,
/// has no <see cref="IHttpMaxRequestBodySizeFeature"/> at all.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, long defaultLimit)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } metadata
            ? metadata.MaxRequestBodySize
            : defaultLimit;
        if (limit is not { } max) return next(context);

        if (context.Request.ContentLength > max)
        {
            return ProblemResponse.WriteAsync(context, BaseErrors.PayloadTooLarge,
                $"The request body is larger than the {max} bytes this endpoint accepts.");
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is null)
        {
            context.Request.Body = new LengthLimitedStream(context.Request.Body, max);
        }
        else if (!feature.IsReadOnly)
        {
            feature.MaxRequestBodySize = max;
        }
        return next(context);
    }
}
