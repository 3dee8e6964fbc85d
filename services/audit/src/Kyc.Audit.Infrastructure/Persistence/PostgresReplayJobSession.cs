using System.Text;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Replay;
using Kyc.Audit.Infrastructure.Replay;
using Kyc.Persistence.Transactions;
using Kyc.SharedKernel;
using Npgsql;

namespace Kyc.Audit.Infrastructure.Persistence;

internal sealed class PostgresReplayJobSessions(ReplayWakeUp wakeUp) : ISessionFactory<IReplayJobSession>
{
    public IReplayJobSession Open(UnitOfWork work) => new PostgresReplayJobSession(work, wakeUp);
}

/// <summary>
/// Replay jobs in a command's unit of work (see <see cref="IReplayJobSession"/>). READ COMMITTED is enough for a job's range:
/// rows are appended in seq order under a lock and never change, so every row up to the last seq read is committed and stays.
/// </summary>
internal sealed class PostgresReplayJobSession(UnitOfWork work, ReplayWakeUp wakeUp) : IReplayJobSession
{
    public async Task<long> LastSeqAsync(CancellationToken ct)
    {
        await using var cmd = work.CreateCommand("SELECT coalesce(max(seq), 0) FROM audit_log");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<long> CountAsync(ReplayFilter filter, CancellationToken ct)
    {
        await using var cmd = work.CreateCommand("");
        var where = new StringBuilder();
        PostgresAuditLog.ReplayWhere(cmd, where, filter, filter.AfterSeq);
        cmd.CommandText = $"SELECT count(*) FROM audit_log WHERE {where}";
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public void Add(ReplayJob job)
    {
        work.Track(job, () => Insert(job));
        work.AfterCommit(wakeUp.Signal);
    }

    public async Task<ReplayJob?> FindForUpdateAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = work.CreateCommand($"SELECT {ReplayJobRows.Columns} FROM replay_jobs WHERE id = @id FOR UPDATE");
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", id));
        var job = await ReplayJobRows.ReadOneAsync(cmd, ct);
        if (job is not null)
        {
            var loaded = job.Status;
            work.Track(job, () => job.Status == loaded ? null : Cancelled(job));
        }
        return job;
    }

    /// <summary>The one change a command makes to a stored job: cancelled, and its worker's lease given up.</summary>
    private static NpgsqlBatchCommand Cancelled(ReplayJob job)
    {
        if (job.Status != ReplayJobStatus.Cancelled) throw new InvalidOperationException($"A command changed replay job {job.Id} to {Wire.Name(job.Status)}.");
        return new NpgsqlBatchCommand("UPDATE replay_jobs SET status = 'cancelled', finished_at = @now, locked_until = NULL WHERE id = @id")
        {
            Parameters = { new NpgsqlParameter<Guid>("id", job.Id), ReplayJobRows.Time("now", job.FinishedAt) },
        };
    }

    private static NpgsqlBatchCommand Insert(ReplayJob job)
    {
        var f = job.Filter;
        return new NpgsqlBatchCommand(
            $"INSERT INTO replay_jobs ({ReplayJobRows.Columns}) VALUES (@id, @status, @target_topic, @event_type, @aggregate_id, @correlation_id, " +
            "@partner_id, @occurred_from, @occurred_to, @after_seq, @up_to_seq, @total, @published, @last, @requested_by, @created_at, NULL, NULL, NULL)")
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("id", job.Id),
                new NpgsqlParameter<string>("status", Wire.Name(job.Status)),
                ReplayJobRows.Text("target_topic", job.TargetTopic),
                ReplayJobRows.Text("event_type", f.EventType),
                ReplayJobRows.Text("aggregate_id", f.AggregateId),
                ReplayJobRows.Text("correlation_id", f.CorrelationId),
                ReplayJobRows.Text("partner_id", f.PartnerId),
                ReplayJobRows.Time("occurred_from", f.OccurredFrom),
                ReplayJobRows.Time("occurred_to", f.OccurredTo),
                new NpgsqlParameter<long>("after_seq", f.AfterSeq),
                new NpgsqlParameter<long>("up_to_seq", f.UpToSeq),
                new NpgsqlParameter<long>("total", job.TotalEvents),
                new NpgsqlParameter<long>("published", job.PublishedEvents),
                new NpgsqlParameter<long>("last", job.LastPublishedSeq),
                new NpgsqlParameter<string>("requested_by", job.RequestedBy),
                ReplayJobRows.Time("created_at", job.CreatedAt),
            },
        };
    }
}
