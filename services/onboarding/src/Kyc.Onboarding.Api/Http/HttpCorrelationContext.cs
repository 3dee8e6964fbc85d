using Kyc.Onboarding.Application.Ports;

namespace Kyc.Onboarding.Api.Http;

/// <summary>The request's X-Request-Id is the correlation id of every event the request causes.</summary>
public sealed class HttpCorrelationContext(IHttpContextAccessor accessor) : ICorrelationContext
{
    public string? CorrelationId =>
        accessor.HttpContext is { } http && http.Response.Headers.TryGetValue("X-Request-Id", out var id) && id.Count > 0
            ? id.ToString()
            : accessor.HttpContext?.TraceIdentifier;
}
