using Kyc.Persistence.Idempotency;
using Kyc.SharedKernel;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kyc.Commands.Http;

/// <summary>An endpoint's "run": the request's command through the <see cref="CommandPipeline"/>, answered as the pipeline says.</summary>
public static class CommandEndpoints
{
    /// <summary>Runs a change and answers with its result (and the changed aggregate's ETag).</summary>
    public static async Task<IResult> RunAsync<TCommand, TSession, TResult>(this HttpContext http,
        ICommandHandler<TCommand, TSession, TResult> handler, TCommand command, Func<TResult, Answer> answer)
    {
        var outcome = await PipelineOf(http).RunAsync(handler, command, answer, new CommandRequest(CorrelationIdOf(http)), http.RequestAborted);
        return new AnswerResult(outcome);
    }

    /// <summary>
    /// Runs a creating request under its Idempotency-Key, scoped to <paramref name="keyScope"/> (the partner, or
    /// <c>operator:&lt;client&gt;</c>): the first answer is stored with the key in the same commit, and a repeat with the same
    /// body gets it again (<c>Idempotent-Replayed: true</c>); another body under the key is refused.
    /// </summary>
    public static async Task<IResult> RunCreatingAsync<TCommand, TSession, TResult>(this HttpContext http, string keyScope,
        ICommandHandler<TCommand, TSession, TResult> handler, TCommand command, Func<TResult, Answer> answer)
    {
        var key = IdempotencyKeyHeader.Require(http);
        var hash = IdempotencyRequestHash.Compute(http.Request.Method, http.Request.Path, JsonBody.RawOf(http).Span);
        var request = new CommandRequest(CorrelationIdOf(http), new IdempotentRequest(keyScope, key, hash));
        return new AnswerResult(await PipelineOf(http).RunAsync(handler, command, answer, request, http.RequestAborted));
    }

    /// <summary>Runs a read through the pipeline (validation) and gives its result.</summary>
    public static Task<TResult> QueryAsync<TQuery, TResult>(this HttpContext http, IQueryHandler<TQuery, TResult> handler, TQuery query) =>
        PipelineOf(http).QueryAsync(handler, query, http.RequestAborted);

    private static CommandPipeline PipelineOf(HttpContext http) => http.RequestServices.GetRequiredService<CommandPipeline>();

    /// <summary>The request's X-Request-Id (as echoed) is the correlation id of every event the request causes.</summary>
    private static string CorrelationIdOf(HttpContext http) =>
        http.Response.Headers.TryGetValue("X-Request-Id", out var id) && id.Count > 0 ? id.ToString() : http.TraceIdentifier;
}
