using System.Text;
using Kyc.Audit.Application.Ports;
using Kyc.Audit.Domain.Log;
using Kyc.Audit.Domain.Replay;
using Npgsql;
using NpgsqlTypes;

namespace Kyc.Audit.Infrastructure.Persistence;

/// <summary>Reads of audit_log (and its statistics tables) on the audit database.</summary>
internal sealed class PostgresAuditLog(NpgsqlDataSource dataSource) : IAuditLog
{
    public async Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditEventFilter filter, long afterSeq, int take, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var where = new StringBuilder("seq > @after");
        cmd.Parameters.Add(new NpgsqlParameter<long>("after", afterSeq));
        AddEquals(cmd, where, "subject", filter.AggregateId);
        AddEquals(cmd, where, "correlation_id", filter.CorrelationId);
        AddEquals(cmd, where, "event_type", filter.EventType);
        AddEquals(cmd, where, "partner_id", filter.PartnerId);
        AddTimeRange(cmd, where, filter.OccurredFrom, filter.OccurredTo);
        cmd.CommandText = $"SELECT {AuditRows.Columns} FROM audit_log WHERE {where} ORDER BY seq LIMIT @take";
        cmd.Parameters.Add(new NpgsqlParameter<int>("take", take));
        return await AuditRows.ReadAllAsync(cmd, ct);
    }

    public async Task<AuditRecord?> FindAsync(Guid eventId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {AuditRows.Columns} FROM audit_log WHERE event_id = @id");
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = eventId });
        var rows = await AuditRows.ReadAllAsync(cmd, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadChainAsync(long afterSeq, int take, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"SELECT {AuditRows.Columns} FROM audit_log WHERE seq > @after ORDER BY seq LIMIT @take");
        cmd.Parameters.Add(new NpgsqlParameter<long>("after", afterSeq));
        cmd.Parameters.Add(new NpgsqlParameter<int>("take", take));
        return await AuditRows.ReadAllAsync(cmd, ct);
    }

    public async Task<ChainHead> HeadAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT seq, hash, recorded_at FROM audit_log ORDER BY seq DESC LIMIT 1");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ChainHead(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2))
            : new ChainHead(0, null, null);
    }

    public async Task<(IReadOnlyList<TypeCount> PerType, IReadOnlyList<DayCount> PerDay)> CountsAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var sql in new[]
                 {
                     "SELECT event_type, sum(events)::bigint FROM audit_daily_counts WHERE day BETWEEN @from AND @to GROUP BY event_type ORDER BY event_type",
                     "SELECT day, sum(events)::bigint FROM audit_daily_counts WHERE day BETWEEN @from AND @to GROUP BY day ORDER BY day",
                 })
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql)
            {
                Parameters =
                {
                    new NpgsqlParameter<DateOnly>("from", NpgsqlDbType.Date) { TypedValue = from },
                    new NpgsqlParameter<DateOnly>("to", NpgsqlDbType.Date) { TypedValue = to },
                },
            });
        }
        var perType = new List<TypeCount>();
        var perDay = new List<DayCount>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) perType.Add(new TypeCount(reader.GetString(0), reader.GetInt64(1)));
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct)) perDay.Add(new DayCount(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1)));
        return (perType, perDay);
    }

    public async Task<IReadOnlyList<TopicActivity>> TopicsAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT topic, events, last_seq, last_occurred_at, last_recorded_at FROM audit_topic_stats ORDER BY topic");
        var topics = new List<TopicActivity>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            topics.Add(new TopicActivity(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return topics;
    }

    public async Task<IReadOnlyList<AuditRecord>> ReplayBatchAsync(ReplayFilter filter, long afterSeq, int take, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand();
        var where = new StringBuilder();
        ReplayWhere(cmd, where, filter, afterSeq);
        cmd.CommandText = $"SELECT {AuditRows.Columns} FROM audit_log WHERE {where} ORDER BY seq LIMIT @take";
        cmd.Parameters.Add(new NpgsqlParameter<int>("take", take));
        return await AuditRows.ReadAllAsync(cmd, ct);
    }

    /// <summary>The rows of <paramref name="filter"/> after <paramref name="afterSeq"/> (shared with the job's count).</summary>
    internal static void ReplayWhere(NpgsqlCommand cmd, StringBuilder where, ReplayFilter filter, long afterSeq)
    {
        where.Append("seq > @after AND seq <= @up_to");
        cmd.Parameters.Add(new NpgsqlParameter<long>("after", afterSeq));
        cmd.Parameters.Add(new NpgsqlParameter<long>("up_to", filter.UpToSeq));
        AddEquals(cmd, where, "subject", filter.AggregateId);
        AddEquals(cmd, where, "correlation_id", filter.CorrelationId);
        AddEquals(cmd, where, "event_type", filter.EventType);
        AddEquals(cmd, where, "partner_id", filter.PartnerId);
        AddTimeRange(cmd, where, filter.OccurredFrom, filter.OccurredTo);
    }

    private static void AddEquals(NpgsqlCommand cmd, StringBuilder where, string column, string? value)
    {
        if (value is null) return;
        where.Append($" AND {column} = @{column}");
        cmd.Parameters.Add(new NpgsqlParameter<string>(column, NpgsqlDbType.Text) { TypedValue = value });
    }

    private static void AddTimeRange(NpgsqlCommand cmd, StringBuilder where, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } f)
        {
            where.Append(" AND occurred_at >= @from");
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", NpgsqlDbType.TimestampTz) { TypedValue = f.ToUniversalTime() });
        }
        if (to is { } t)
        {
            where.Append(" AND occurred_at < @to");
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", NpgsqlDbType.TimestampTz) { TypedValue = t.ToUniversalTime() });
        }
    }
}
