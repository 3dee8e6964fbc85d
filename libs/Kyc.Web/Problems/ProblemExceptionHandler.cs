using System.Diagnostics;
using System.Text.Json;
using Kyc.Web.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Web.Problems;

/// <summary>
/// The one place exceptions become problem responses (ASP.NET Core's exception handler middleware calls it): a
/// <see cref="CodedException"/> into its catalog entry (an entry missing from the catalog is a 500), bad requests (unreadable JSON, body too large, ...) into their
/// 4xx code, a database that is unreachable or refuses for the moment (a transient <see cref="NpgsqlException"/>:
/// connection refused or lost, failover, pool exhausted, too many connections) into 503 <c>service_unavailable</c> with
/// <c>Retry-After</c>, anything else into a 500 <c>internal_error</c>. No body says anything about the exception; the
/// exception itself is logged with the trace id. A request the client aborted is answered 499 by the middleware itself.
/// </summary>
internal sealed partial class ProblemExceptionHandler(ErrorCatalog catalog, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public const string DatabaseRetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted) return false;
        var (error, detail, errors, status) = Classify(exception);
        if (exception is NpgsqlException { IsTransient: true })
        {
            LogDatabaseUnavailable(logger, exception, context.Request.Method, RequestRoute.Of(context));
            Activity.Current?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        }
        else if (error.Status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Method, RequestRoute.Of(context));
            Activity.Current?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        }
        else if (error.LogRefusals)
        {
            LogRefused(logger, error.Code, context.Request.Method, ProblemResponse.InstanceOf(context), detail ?? error.Title);
        }
        else
        {
            LogRejected(logger, error.Code, exception.GetType().Name);
        }

        if (error == BaseErrors.ServiceUnavailable) context.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds;
        await ProblemResponse.WriteAsync(context, error, detail, errors.Count > 0 ? errors : null, status);
        return true;
    }

    /// <summary>A code must be in the catalog (<c>AddKycErrors</c>): the catalog is the one list of what partners can be answered.</summary>
    private (ErrorDefinition Error, string? Detail, IReadOnlyDictionary<string, string[]> Errors, int? Status) Classify(Exception exception) =>
        exception switch
        {
            CodedException coded when catalog.TryGet(coded.Code, out var registered) && registered == coded.Error =>
                (coded.Error, coded.Detail, coded.Errors, null),
            BadHttpRequestException bad => (BaseErrors.ForStatus(bad.StatusCode), DetailForBadRequest(bad.StatusCode), NoErrors, bad.StatusCode),
            JsonException => (BaseErrors.MalformedRequest, "The request body is not valid JSON.", NoErrors, null),
            NpgsqlException { IsTransient: true } => (BaseErrors.ServiceUnavailable,
                "A database this request needs is unavailable for the moment. Retry after the number of seconds in Retry-After " +
                "(a creating POST with the same Idempotency-Key).", NoErrors, null),
            _ => (BaseErrors.InternalError, "An unexpected error occurred. Quote the trace_id when reporting it.", NoErrors, null),
        };

    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    private static string DetailForBadRequest(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this endpoint accepts.",
        StatusCodes.Status415UnsupportedMediaType => "The request body has a content type this endpoint does not accept.",
        _ => "The request could not be read.",
    };

    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Unhandled exception on {http_method} {http_route}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string http_method, string http_route);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Warning, Message = "A database was unavailable on {http_method} {http_route}; answered 503")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception, string http_method, string http_route);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Refused {Code} on {Method} {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string code, string method, string path, string reason);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Request rejected with {error_code} ({exception_type})")]
    private static partial void LogRejected(ILogger logger, string error_code, string exception_type);
}
