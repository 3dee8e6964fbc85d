using System.Net;
using System.Text.Json.Nodes;
using Kyc.Audit.Tests.Support;
using Kyc.Testing;
using Xunit;

namespace Kyc.Audit.Tests.Api;

/// <summary>
/// What the audit endpoints answer is what services/audit/openapi.yaml documents: every status of a walk through the API
/// is listed for its operation, and every documented success is what the operation answers.
/// </summary>
public sealed class DocumentedStatusTests(AuditApiFactory app) : IClassFixture<AuditApiFactory>
{
    [Fact]
    public async Task Every_status_an_operation_answers_is_documented_and_every_documented_success_is_answered()
    {
        var statuses = DocumentedStatuses.Of(await app.ClientWithToken(null).GetStringAsync("/openapi/v1.yaml"));
        Task<HttpResponseMessage> Record(string operation, Task<HttpResponseMessage> call) => statuses.RecordAsync(operation, call);
        var entry = Entries.CaseCreated("partner-" + Guid.NewGuid().ToString("N")[..10]);
        await app.Database.AppendAsync(entry);
        var ops = await app.OperatorAsync();
        var job = new JsonObject { ["target_topic"] = $"kyc.replay.t{Guid.NewGuid():N}", ["filter"] = new JsonObject { ["partner_id"] = entry.PartnerId } };

        await Record("searchAuditEvents", ops.GetAsync($"{AuditClient.Events}?partner_id={entry.PartnerId}"));
        await Record("searchAuditEvents", ops.GetAsync($"{AuditClient.Events}?limit=0"));
        await Record("getAuditEvent", ops.GetAsync($"{AuditClient.Events}/{entry.EventId}"));
        await Record("getAuditEvent", ops.GetAsync($"{AuditClient.Events}/{Guid.NewGuid()}"));
        await Record("getAuditStatistics", ops.GetAsync("/v1/audit/statistics"));
        await Record("getAuditStatistics", ops.GetAsync("/v1/audit/statistics?from=2026-02-01&to=2026-01-01"));
        await Record("verifyAuditChain", ops.VerifyAsync());
        await Record("verifyAuditChain", ops.VerifyAsync(new JsonObject { ["anchor_seq"] = 1 }));
        using var created = await Record("createReplayJob", ops.CreateReplayJobAsync(job, Guid.NewGuid().ToString()));
        await Record("createReplayJob", ops.CreateReplayJobAsync(job, null));
        await Record("createReplayJob", ops.CreateReplayJobAsync(new JsonObject { ["target_topic"] = "not a topic" }, Guid.NewGuid().ToString()));
        var jobId = (await created.ShouldHaveAsync(HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        await Record("getReplayJob", ops.GetAsync($"{AuditClient.ReplayJobs}/{jobId}"));
        await Record("getReplayJob", ops.GetAsync($"{AuditClient.ReplayJobs}/{Guid.NewGuid()}"));
        await Record("cancelReplayJob", ops.CancelAsync(Guid.NewGuid().ToString()));
        await ops.JobWhenAsync(jobId, j => j.GetProperty("status").GetString() == "completed", "the job completes");
        await Record("cancelReplayJob", ops.CancelAsync(jobId));
        // A job this instance's worker cannot take (another worker's lease): cancelling it is a plain 200.
        await app.Database.ExecuteAsync(
            "UPDATE replay_jobs SET status = 'queued', finished_at = NULL, locked_by = 'elsewhere', locked_until = now() + interval '1 hour' WHERE id = @id",
            ("id", Guid.Parse(jobId)));
        await Record("cancelReplayJob", ops.CancelAsync(jobId));

        Assert.Empty(statuses.Mismatches());
    }
}
