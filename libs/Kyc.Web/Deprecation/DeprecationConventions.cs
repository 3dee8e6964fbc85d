using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Kyc.Web.Deprecation;

public static class DeprecationConventions
{
    /// <summary>
    /// Marks endpoints deprecated: every response gets <c>Deprecation</c> (RFC 9745), <c>Sunset</c> (RFC 8594) and,
    /// with <paramref name="link"/>, a <c>Link</c> to the migration notes. <paramref name="since"/> is when it was
    /// deprecated; by default the time the application started, which is already past for every response.
    /// </summary>
    public static TBuilder Deprecated<TBuilder>(this TBuilder builder, DateTimeOffset sunset, string? link = null, DateTimeOffset? since = null)
        where TBuilder : IEndpointConventionBuilder
    {
        return builder.WithMetadata(new DeprecationMetadata(since ?? DateTimeOffset.UtcNow, sunset, link));
    }
}
