using System.Diagnostics;
using System.Text.Json;
using Kyc.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kyc.Web.Problems;

/// <summary>
/// Turns exceptions into problem responses: <see cref="ApiProblemException"/> into its code, bad requests
/// (unreadable JSON, body too large, ...) into their 4xx code, anything else (also a problem whose code is not in
/// the catalog) into a 500 <c>internal_error</c> whose body says nothing about the exception; the exception
/// itself is logged with the trace id.
/// </summary>
internal sealed partial class ProblemExceptionMiddleware(RequestDelegate next, ErrorCatalog catalog, ILogger<ProblemExceptionMiddleware> logger)
{
    private const int ClientClosedRequest = 499;

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
        if (error.Status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Method, RequestRoute.Of(context));
            Activity.Current?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        }
        else
        {
            LogRejected(logger, error.Code, exception.GetType().Name);
        }

        context.Response.Clear();
        await ProblemResponse.WriteAsync(context, error, detail, errors, status);
    }

    private (ErrorDefinition Error, string? Detail, IReadOnlyDictionary<string, string[]>? Errors, int? Status) Classify(Exception exception) =>
        exception switch
        {
            ApiProblemException { Error: { } error } problem => (error, problem.Detail, problem.Errors, null),
            ApiProblemException problem when catalog.TryGet(problem.Code, out var known) => (known, problem.Detail, problem.Errors, null),
            BadHttpRequestException bad => (BaseErrors.ForStatus(bad.StatusCode), DetailForBadRequest(bad.StatusCode), null, bad.StatusCode),
            JsonException => (BaseErrors.MalformedRequest, "The request body is not valid JSON.", null, null),
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

    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Request rejected with {error_code} ({exception_type})")]
    private static partial void LogRejected(ILogger logger, string error_code, string exception_type);

    [LoggerMessage(EventId = 4990, Level = LogLevel.Debug, Message = "Request aborted by the client")]
    private static partial void LogClientAborted(ILogger logger);
}
