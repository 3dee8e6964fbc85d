using System.Text;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Replay;
using Kyc.Persistence.Idempotency;
using Npgsql;
using AppStoredResponse = Kyc.Audit.Application.Ports.StoredResponse;
using StoreResponse = Kyc.Persistence.Idempotency.StoredResponse;

namespace Kyc.Audit.Infrastructure.Persistence;

internal sealed class PostgresReplayJobCreationFactory(NpgsqlDataSource dataSource, IdempotencyStore idempotency) : IReplayJobCreationFactory
{
    public async Task<IReplayJobCreation> BeginAsync(CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            // READ COMMITTED, as the idempotency store requires. The job's range is stable anyway: rows are appended in seq
            // order under a lock and never change, so every row up to the last seq read is committed and stays as it is.
            var transaction = await connection.BeginTransactionAsync(ct);
            return new PostgresReplayJobCreation(connection, transaction, idempotency);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>One transaction creating a replay job (see <see cref="IReplayJobCreation"/>).</summary>
internal sealed class PostgresReplayJobCreation(NpgsqlConnection connection, NpgsqlTransaction transaction, IdempotencyStore idempotency)
    : IReplayJobCreation
{
    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string scope, string key, string requestHash, CancellationToken ct) =>
        await idempotency.BeginAsync(connection, transaction, scope, key, requestHash, ct) switch
        {
            IdempotencyOutcome.Proceed => new IdempotencyClaim.Proceed(),
            IdempotencyOutcome.Replay r => new IdempotencyClaim.Replay(new AppStoredResponse(
                r.Response.Status, r.Response.ContentType ?? "application/json", r.Response.Headers, r.Response.Body.ToArray())),
            _ => new IdempotencyClaim.Mismatch(),
        };

    public Task SaveIdempotentResponseAsync(string scope, string key, AppStoredResponse response, CancellationToken ct) =>
        idempotency.CompleteAsync(connection, transaction, scope, key, new StoreResponse(response.Status, response.ContentType, response.Headers, response.Body), ct);

    public async Task<long> LastSeqAsync(CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT coalesce(max(seq), 0) FROM audit_log", connection, transaction);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<long> CountAsync(ReplayFilter filter, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        var where = new StringBuilder();
        PostgresAuditLog.ReplayWhere(cmd, where, filter, filter.AfterSeq);
        cmd.CommandText = $"SELECT count(*) FROM audit_log WHERE {where}";
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task InsertAsync(ReplayJob job, CancellationToken ct)
    {
        var f = job.Filter;
        await using var cmd = new NpgsqlCommand(
            $"INSERT INTO replay_jobs ({ReplayJobRows.Columns}) VALUES (@id, @status, @target_topic, @event_type, @aggregate_id, @correlation_id, " +
            "@partner_id, @occurred_from, @occurred_to, @after_seq, @up_to_seq, @total, @published, @last, @requested_by, @created_at, NULL, NULL, NULL)",
            connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("id", job.Id),
                new NpgsqlParameter<string>("status", job.Status.ToWire()),
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
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
