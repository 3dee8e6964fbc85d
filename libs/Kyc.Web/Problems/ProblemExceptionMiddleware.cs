using System.Diagnostics;
using System.Text.Json;
using Kyc.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Web.Problems;

/// <summary>
/// Turns exceptions into problem responses: <see cref="ApiProblemException"/> into its code, bad requests
/// (unreadable JSON, body too large, ...) into their 4xx code, a database that is unreachable or refuses for the moment
/// (a transient <see cref="NpgsqlException"/>: connection refused or lost, failover, pool exhausted, too many
/// connections) into 503 <c>service_unavailable</c> with <c>Retry-After</c>, anything else (also a problem whose code
/// is not in the catalog) into a 500 <c>internal_error</c>. No body says anything about the exception; the exception
/// itself is logged with the trace id.
/// </summary>
internal sealed partial class ProblemExceptionMiddleware(RequestDelegate next, ErrorCatalog catalog, ILogger<ProblemExceptionMiddleware> logger)
{
    private const int ClientClosedRequest = 499;
    public const string DatabaseRetryAfterSeconds = "5";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            await HandleAsync(context, exception);
        }
    }

    private async Task HandleAsync(HttpContext context, Exception exception)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            LogClientAborted(logger);
            context.Response.Clear();
            context.Response.StatusCode = ClientClosedRequest;
            return;
        }

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
        else
        {
            LogRejected(logger, error.Code, exception.GetType().Name);
        }

        context.Response.Clear();
        if (error == BaseErrors.ServiceUnavailable) context.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds;
        await ProblemResponse.WriteAsync(context, error, detail, errors, status);
    }

    private (ErrorDefinition Error, string? Detail, IReadOnlyDictionary<string, string[]>? Errors, int? Status) Classify(Exception exception) =>
        exception switch
        {
            ApiProblemException { Error: { } error } problem => (error, problem.Detail, problem.Errors, null),
            ApiProblemException problem when catalog.TryGet(problem.Code, out var known) => (known, problem.Detail, problem.Errors, null),
            BadHttpRequestException bad => (BaseErrors.ForStatus(bad.StatusCode), DetailForBadRequest(bad.StatusCode), null, bad.StatusCode),
            JsonException => (BaseErrors.MalformedRequest, "The request body is not valid JSON.", null, null),
            NpgsqlException { IsTransient: true } => (BaseErrors.ServiceUnavailable,
                "A database this request needs is unavailable for the moment. Retry after the number of seconds in Retry-After " +
                "(a creating POST with the same Idempotency-Key).", null, null),
            _ => (BaseErrors.InternalError, "An unexpected error occurred. Quote the trace_id when reporting it.", null, null),
        };

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

    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Request rejected with {error_code} ({exception_type})")]
    private static partial void LogRejected(ILogger logger, string error_code, string exception_type);

    [LoggerMessage(EventId = 4990, Level = LogLevel.Debug, Message = "Request aborted by the client")]
    private static partial void LogClientAborted(ILogger logger);
}
