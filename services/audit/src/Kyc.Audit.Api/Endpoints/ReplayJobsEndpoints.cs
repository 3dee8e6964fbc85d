using Kyc.Audit.Api.Http;
using Kyc.Audit.Application.ReplayJobs;
using Kyc.Audit.Domain.Replay;
using Kyc.Commands;
using Kyc.Commands.Http;
using Kyc.SharedKernel;
using Kyc.Web.Auth;

namespace Kyc.Audit.Api.Endpoints;

/// <summary>Replay jobs: /v1/audit/replay-jobs (operators; creating and cancelling need audit:replay).</summary>
public static class ReplayJobsEndpoints
{
    public const string Prefix = "/v1/audit/replay-jobs";

    public static void MapReplayJobs(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup(Prefix).WithTags("Replay jobs").RequireOperator().RequireScope("audit:read");
        jobs.MapPost("", CreateAsync).RequireScope("audit:replay").RequireIdempotencyKey().WithName("createReplayJob")
            .WithSummary("Start re-publishing a filtered range of recorded events to a topic (Idempotency-Key required)")
            .Accepts<CreateReplayJobRequest>("application/json").Produces<ReplayJobView>(StatusCodes.Status202Accepted);
        jobs.MapGet("/{job_id}", GetAsync).WithName("getReplayJob").WithSummary("Read a replay job's status and progress")
            .Produces<ReplayJobView>();
        jobs.MapPost("/{job_id}/cancel", CancelAsync).RequireScope("audit:replay").WithName("cancelReplayJob")
            .WithSummary("Cancel a queued or running replay job").Produces<ReplayJobView>();
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateReplayJobHandler handler)
    {
        var body = await JsonBody.ReadAsync<CreateReplayJobRequest>(http);
        return await http.RunCreatingAsync(Operators.IdempotencyScope(http), handler,
            new CreateReplayJobCommand(body.TargetTopic, body.Filter, Operators.ClientId(http), body.OriginalTopics == true),
            job => Answer.Accepted(ReplayJobView.From(job), $"{Prefix}/{job.Id}"));
    }

    private static async Task<IResult> GetAsync(string job_id, HttpContext http, GetReplayJobHandler handler)
    {
        var job = await http.QueryAsync(handler, new GetReplayJobQuery(job_id));
        http.Response.Headers.ETag = ETagOf(job);
        return TypedResults.Ok(ReplayJobView.From(job));
    }

    private static Task<IResult> CancelAsync(string job_id, HttpContext http, CancelReplayJobHandler handler) =>
        http.RunAsync(handler, new CancelReplayJobCommand(job_id), job => Answer.Ok(ReplayJobView.From(job)) with { ETag = ETagOf(job) });

    /// <summary>A job changes as it runs: the validator is its status and progress.</summary>
    private static string ETagOf(ReplayJob job) => EntityTag.Weak($"{Wire.Name(job.Status)}-{job.PublishedEvents}");
}
