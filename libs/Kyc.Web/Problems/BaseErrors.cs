namespace Kyc.Web.Problems;

/// <summary>The error codes every service answers with; services add their own to the <see cref="ErrorCatalog"/>.</summary>
public static class BaseErrors
{
    public static readonly ErrorDefinition MalformedRequest = new("malformed_request", 400, "Malformed request");
    public static readonly ErrorDefinition Unauthenticated = new("unauthenticated", 401, "Authentication required");
    public static readonly ErrorDefinition Forbidden = new("forbidden", 403, "Forbidden");
    public static readonly ErrorDefinition InsufficientScope = new("insufficient_scope", 403, "Insufficient scope");
    public static readonly ErrorDefinition PartnerRequired = new("partner_required", 403, "Partner identity required");
    public static readonly ErrorDefinition NotFound = new("not_found", 404, "Not found");
    public static readonly ErrorDefinition MethodNotAllowed = new("method_not_allowed", 405, "Method not allowed");
    public static readonly ErrorDefinition NotAcceptable = new("not_acceptable", 406, "Not acceptable");
    public static readonly ErrorDefinition RequestTimeout = new("request_timeout", 408, "Request timeout");
    public static readonly ErrorDefinition Conflict = new("conflict", 409, "Conflict");
    public static readonly ErrorDefinition PayloadTooLarge = new("payload_too_large", 413, "Payload too large");
    public static readonly ErrorDefinition UnsupportedMediaType = new("unsupported_media_type", 415, "Unsupported media type");
    public static readonly ErrorDefinition ValidationFailed = CommonErrors.ValidationFailed;
    public static readonly ErrorDefinition TooManyRequests = new("too_many_requests", 429, "Too many requests");
    public static readonly ErrorDefinition InternalError = new("internal_error", 500, "Internal error");
    public static readonly ErrorDefinition ServiceUnavailable = new("service_unavailable", 503, "Service unavailable");

    /// <summary>Any other 4xx status without a code of its own; answered with the actual status.</summary>
    public static readonly ErrorDefinition ClientError = new("client_error", 400, "Client error");

    /// <summary>Any other 5xx status without a code of its own; answered with the actual status.</summary>
    public static readonly ErrorDefinition ServerError = new("server_error", 500, "Server error");

    public static IReadOnlyList<ErrorDefinition> All { get; } =
    [
        MalformedRequest, Unauthenticated, Forbidden, InsufficientScope, PartnerRequired, NotFound, MethodNotAllowed,
        NotAcceptable, RequestTimeout, Conflict, PayloadTooLarge, UnsupportedMediaType, ValidationFailed, TooManyRequests,
        InternalError, ServiceUnavailable, ClientError, ServerError,
    ];

    /// <summary>The code for a bare status code (an empty error response from the framework or a handler).</summary>
    public static ErrorDefinition ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        406 => NotAcceptable,
        408 => RequestTimeout,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => ValidationFailed,
        429 => TooManyRequests,
        500 => InternalError,
        503 => ServiceUnavailable,
        >= 500 => ServerError,
        _ => ClientError,
    };
}
