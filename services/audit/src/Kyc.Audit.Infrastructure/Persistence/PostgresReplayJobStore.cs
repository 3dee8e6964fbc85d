using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Replay;
using Kyc.SharedKernel;
using Npgsql;
using NpgsqlTypes;

namespace Kyc.Audit.Infrastructure.Persistence;

/// <summary>replay_jobs: claims with a lease (<c>locked_by</c>, <c>locked_until</c>), conditional saves, atomic cancel.</summary>
internal sealed class PostgresReplayJobStore(NpgsqlDataSource dataSource) : IReplayJobStore
{
    public async Task<ReplayJob?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {ReplayJobRows.Columns} FROM replay_jobs WHERE id = @id");
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", id));
        return await ReplayJobRows.ReadOneAsync(cmd, ct);
    }

    public async Task<ReplayJob?> ClaimNextAsync(string workerId, TimeSpan lease, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE replay_jobs SET locked_by = @worker, locked_until = now() + @lease WHERE id = (" +
            "SELECT id FROM replay_jobs WHERE status IN ('queued', 'running') AND (locked_until IS NULL OR locked_until < now()) " +
            "ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) " +
            $"RETURNING {ReplayJobRows.Columns}");
        cmd.Parameters.Add(new NpgsqlParameter<string>("worker", workerId));
        cmd.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", NpgsqlDbType.Interval) { TypedValue = lease });
        return await ReplayJobRows.ReadOneAsync(cmd, ct);
    }

    public async Task<bool> SaveRunningAsync(ReplayJob job, string workerId, TimeSpan lease, CancellationToken ct)
    {
        // Progress is saved even when the job was cancelled meanwhile (the batch in flight was published: say so), but a
        // cancelled job stays cancelled and this worker stops.
        await using var cmd = dataSource.CreateCommand(
            "UPDATE replay_jobs SET published_events = @published, last_published_seq = @last, started_at = coalesce(started_at, @started), " +
            "status = CASE WHEN status = 'cancelled' THEN status ELSE 'running' END, " +
            "locked_until = CASE WHEN status = 'cancelled' THEN NULL ELSE now() + @lease END " +
            "WHERE id = @id AND locked_by = @worker AND status IN ('queued', 'running', 'cancelled') RETURNING status");
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", job.Id));
        cmd.Parameters.Add(new NpgsqlParameter<string>("worker", workerId));
        cmd.Parameters.Add(new NpgsqlParameter<long>("published", job.PublishedEvents));
        cmd.Parameters.Add(new NpgsqlParameter<long>("last", job.LastPublishedSeq));
        cmd.Parameters.Add(ReplayJobRows.Time("started", job.StartedAt));
        cmd.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", NpgsqlDbType.Interval) { TypedValue = lease });
        return await cmd.ExecuteScalarAsync(ct) is "running";
    }

    public async Task<bool> SaveFinishedAsync(ReplayJob job, string workerId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE replay_jobs SET status = @status, published_events = @published, last_published_seq = @last, finished_at = @finished, " +
            "error = @error, locked_by = NULL, locked_until = NULL WHERE id = @id AND locked_by = @worker AND status = 'running'");
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", job.Id));
        cmd.Parameters.Add(new NpgsqlParameter<string>("worker", workerId));
        cmd.Parameters.Add(new NpgsqlParameter<string>("status", Wire.Name(job.Status)));
        cmd.Parameters.Add(new NpgsqlParameter<long>("published", job.PublishedEvents));
        cmd.Parameters.Add(new NpgsqlParameter<long>("last", job.LastPublishedSeq));
        cmd.Parameters.Add(ReplayJobRows.Time("finished", job.FinishedAt));
        cmd.Parameters.Add(ReplayJobRows.Text("error", job.Error));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task ReleaseAsync(Guid id, string workerId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "UPDATE replay_jobs SET locked_until = NULL WHERE id = @id AND locked_by = @worker AND status = 'running'");
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", id));
        cmd.Parameters.Add(new NpgsqlParameter<string>("worker", workerId));
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
