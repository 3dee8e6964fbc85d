using Npgsql;
using NpgsqlTypes;

namespace Kyc.OutboxRelay.Outbox;

/// <summary>An unpublished outbox row as the relay reads it (see libs/Kyc.Persistence, table <c>outbox</c>).</summary>
public sealed record OutboxRow(
    Guid Id,
    long Sequence,
    string Topic,
    string Type,
    string Source,
    string Subject,
    string PartnerId,
    DateTimeOffset OccurredAt,
    string Data,
    string? DataSchema,
    string? TraceParent,
    string? TraceState,
    string? CorrelationId,
    int Attempts);

/// <summary>The published row's topic and its commit-to-publish lag (<c>published_at - created_at</c>).</summary>
public readonly record struct PublishedRow(string Topic, double LagSeconds);

/// <summary>A row whose publication failed, with the error to store in <c>last_error</c>.</summary>
public readonly record struct FailedRow(Guid Id, string Error);

/// <summary>
/// The relay's SQL on one outbox table. Every statement is short. Reads run on a pooled connection; marking runs on the
/// connection given, the leader's lock session (the fence, see <see cref="Leadership.LeaderLease"/>).
/// </summary>
public sealed class OutboxTable(NpgsqlDataSource dataSource, OutboxTableName table)
{
    private const int MaxErrorLength = 2000;

    // The partial index outbox_unpublished_by_sequence serves this: never skips an unpublished row, whatever its
    // sequence, so a row whose transaction committed late (lower sequence, visible after higher ones) is still taken.
    private readonly string _fetchSql = $"""
        SELECT id, sequence, topic, event_type, source, subject, partner_id, occurred_at, data::text, data_schema,
               traceparent, tracestate, correlation_id, attempts
        FROM {table.Sql}
        WHERE published_at IS NULL
        ORDER BY sequence
        LIMIT @limit
        """;

    private readonly string _markPublishedSql = $"""
        UPDATE {table.Sql} SET published_at = now(), last_error = NULL
        WHERE id = ANY(@ids) AND published_at IS NULL
        RETURNING topic, EXTRACT(EPOCH FROM (published_at - created_at))::float8
        """;

    private readonly string _markFailedSql = $"""
        UPDATE {table.Sql} AS o SET attempts = o.attempts + 1, last_error = f.error
        FROM unnest(@ids, @errors) AS f(id, error)
        WHERE o.id = f.id AND o.published_at IS NULL
        """;

    private readonly string _backlogSql = $"""
        SELECT (SELECT count(*) FROM {table.Sql} WHERE published_at IS NULL),
               COALESCE((SELECT EXTRACT(EPOCH FROM (now() - created_at))::float8 FROM {table.Sql}
                         WHERE published_at IS NULL ORDER BY sequence LIMIT 1), 0)
        """;

    // Small batches: each DELETE is a short transaction. The outer condition is repeated so a row can never be
    // deleted unless it is published and past the retention when the DELETE runs.
    private readonly string _pruneSql = $"""
        DELETE FROM {table.Sql}
        WHERE id IN (SELECT id FROM {table.Sql} WHERE published_at < now() - @retention LIMIT @limit)
          AND published_at < now() - @retention
        """;

    public OutboxTableName Name { get; } = table;

    public async Task<IReadOnlyList<OutboxRow>> FetchUnpublishedAsync(NpgsqlConnection connection, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(_fetchSql, connection);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<OutboxRow>(Math.Min(limit, 1024));
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxRow(
                reader.GetGuid(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.GetInt32(13)));
        }
        return rows;
    }

    /// <summary>
    /// Marks the acknowledged rows published; returns the rows this call marked (a row another relay marked first is not
    /// counted twice). The commit does not wait for the WAL flush (<c>synchronous_commit = off</c>): if the database
    /// crashes before the flush, the marks are lost and the rows are simply sent again (a duplicate, which is allowed),
    /// while the relay saves a disk flush per batch.
    /// </summary>
    public async Task<IReadOnlyList<PublishedRow>> MarkPublishedAsync(NpgsqlConnection connection, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (ids.Count == 0) return [];
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"), new NpgsqlBatchCommand(_markPublishedSql) },
        };
        batch.BatchCommands[1].Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids.ToArray() });
        var published = new List<PublishedRow>(ids.Count);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // Only the UPDATE ... RETURNING has rows (Npgsql may or may not present SET's empty result first).
            do
            {
                while (await reader.ReadAsync(cancellationToken)) published.Add(new PublishedRow(reader.GetString(0), reader.GetDouble(1)));
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return published;
    }

    /// <summary>Counts a failed attempt on each row and keeps its error, for operators (<c>attempts</c>, <c>last_error</c>).</summary>
    public async Task<int> MarkFailedAsync(NpgsqlConnection connection, IReadOnlyCollection<FailedRow> failures, CancellationToken cancellationToken)
    {
        if (failures.Count == 0) return 0;
        await using var command = new NpgsqlCommand(_markFailedSql, connection);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = failures.Select(f => f.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = failures.Select(f => f.Error.Length > MaxErrorLength ? f.Error[..MaxErrorLength] : f.Error).ToArray(),
        });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The number of unpublished rows and the age in seconds of the oldest one (0 when there is none).</summary>
    public async Task<(long Count, double OldestAgeSeconds)> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_backlogSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetDouble(1));
    }

    /// <summary>Deletes up to <paramref name="limit"/> rows published more than <paramref name="retention"/> ago; returns how many.</summary>
    public async Task<int> PruneBatchAsync(TimeSpan retention, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_pruneSql);
        command.Parameters.AddWithValue("retention", retention);
        command.Parameters.AddWithValue("limit", limit);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
