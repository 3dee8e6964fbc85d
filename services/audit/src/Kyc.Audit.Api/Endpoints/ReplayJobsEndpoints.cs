using System.Text.Json;
using Kyc.Audit.Api.Http;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Application.ReplayJobs;
using Kyc.Audit.Domain.Replay;
using IdempotencyKey = Kyc.Persistence.Idempotency.IdempotencyKey;
using IdempotencyRequestHash = Kyc.Persistence.Idempotency.IdempotencyRequestHash;
using Kyc.Web.Auth;
using Kyc.Web.Problems;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Kyc.Audit.Api.Endpoints;

/// <summary>Replay jobs: /v1/audit/replay-jobs (operators; creating and cancelling need audit:replay).</summary>
public static class ReplayJobsEndpoints
{
    public const string Prefix = "/v1/audit/replay-jobs";
    public const string KeyHeader = "Idempotency-Key";

    public static void MapReplayJobs(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup(Prefix).WithTags("Replay jobs").RequireOperator().RequireScope("audit:read")
            .AddEndpointFilter<UseCaseProblemFilter>();
        jobs.MapPost("", CreateAsync).RequireScope("audit:replay").WithName("createReplayJob")
            .WithSummary("Start re-publishing a filtered range of recorded events to a topic (Idempotency-Key required)")
            .Accepts<CreateReplayJobRequest>("application/json").Produces<ReplayJobView>(StatusCodes.Status202Accepted);
        jobs.MapGet("/{job_id}", GetAsync).WithName("getReplayJob").WithSummary("Read a replay job's status and progress")
            .Produces<ReplayJobView>();
        jobs.MapPost("/{job_id}/cancel", CancelAsync).RequireScope("audit:replay").WithName("cancelReplayJob")
            .WithSummary("Cancel a queued or running replay job").Produces<ReplayJobView>();
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateReplayJobHandler handler, IReplayJobCreationFactory creations)
    {
        var ct = http.RequestAborted;
        var key = RequireKey(http);
        var (request, raw) = await JsonBody.ReadAsync<CreateReplayJobRequest>(http);
        var command = new CreateReplayJobCommand(request!.TargetTopic, request.Filter, Operators.ClientId(http), request.OriginalTopics == true);
        handler.Validate(command);
        var scope = Operators.IdempotencyScope(http);
        var hash = IdempotencyRequestHash.Compute(http.Request.Method, http.Request.Path, raw);
        StoredResponse response;
        await using (var creation = await creations.BeginAsync(ct))
        {
            switch (await creation.ClaimIdempotencyKeyAsync(scope, key, hash, ct))
            {
                case IdempotencyClaim.Replay replay:
                    return new StoredResult(replay.Response, replayed: true);
                case IdempotencyClaim.Mismatch:
                    throw new ApiProblemException("idempotency_key_reused",
                        "This Idempotency-Key was used with a different request. Use a new key for a new request.");
            }
            var job = await handler.ExecuteAsync(command, creation, ct);
            var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            response = new StoredResponse(StatusCodes.Status202Accepted, "application/json",
                new Dictionary<string, string> { ["Location"] = $"{Prefix}/{job.Id}" },
                JsonSerializer.SerializeToUtf8Bytes(ReplayJobView.From(job), options));
            await creation.SaveIdempotentResponseAsync(scope, key, response, ct);
            await creation.CommitAsync(ct);
        }
        handler.Committed();
        return new StoredResult(response, replayed: false);
    }

    private static async Task<IResult> GetAsync(string job_id, HttpContext http, GetReplayJobHandler handler)
    {
        var job = await handler.HandleAsync(job_id, http.RequestAborted);
        http.Response.Headers.ETag = ETagOf(job);
        return TypedResults.Ok(ReplayJobView.From(job));
    }

    private static async Task<IResult> CancelAsync(string job_id, HttpContext http, CancelReplayJobHandler handler)
    {
        var job = await handler.HandleAsync(job_id, http.RequestAborted);
        http.Response.Headers.ETag = ETagOf(job);
        return TypedResults.Ok(ReplayJobView.From(job));
    }

    /// <summary>A job changes as it runs: the validator is its status and progress.</summary>
    private static string ETagOf(ReplayJob job) => $"W/\"{job.Status.ToWire()}-{job.PublishedEvents}\"";

    private static string RequireKey(HttpContext http)
    {
        var key = http.Request.Headers[KeyHeader].ToString();
        if (key.Length == 0)
            throw new ApiProblemException("idempotency_key_required", "Send an Idempotency-Key header (for example a UUID) with every creating POST.");
        if (!IdempotencyKey.IsValidKey(key))
            throw new ApiProblemException("idempotency_key_invalid", $"An Idempotency-Key is 1 to {IdempotencyKey.MaxLength} visible ASCII characters.");
        return key;
    }

    private sealed class StoredResult(StoredResponse response, bool replayed) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = response.Status;
            http.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers) http.Response.Headers[name] = value;
            if (replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
            return http.Response.Body.WriteAsync(response.Body).AsTask();
        }
    }
}
