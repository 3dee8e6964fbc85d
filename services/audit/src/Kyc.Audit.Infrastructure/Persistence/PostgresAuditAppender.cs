using Kyc.Audit.Domain.Chain;
using Kyc.Audit.Domain.Log;
using Npgsql;
using NpgsqlTypes;

namespace Kyc.Audit.Infrastructure.Persistence;

/// <summary>What an append did.</summary>
public abstract record AppendResult
{
    public sealed record Appended(AuditRecord Record) : AppendResult;

    /// <summary>The log already holds this event id (at <paramref name="Seq"/>): nothing was written.</summary>
    public sealed record Duplicate(long Seq) : AppendResult;
}

/// <summary>The event's data cannot be stored as jsonb (e.g. a <c>\u0000</c> escape): no retry can help.</summary>
public sealed class UnstorableDataException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Appends rows to the chain inside the caller's transaction (the consumer's, which also holds the inbox rows).
/// Appenders are serialised by a transaction-scoped advisory lock, so two instances can never both append row n: the
/// second waits for the first to commit and then reads the new end of the chain. A batch takes the lock once, reads the
/// chain's end once, computes every row's link and hash in order and inserts all rows with one statement, in seq order.
/// The database checks each new row's link and hash again (trigger audit_log_extends_chain, which sees the rows the
/// same statement inserted before it).
/// </summary>
public sealed class PostgresAuditAppender
{
    /// <summary>The <c>pg_advisory_xact_lock</c> key of the chain's end (stable: derived from "kyc-audit-chain").</summary>
    public const long ChainLockKey = 0x6B79_6361_7564_6974; // "kycaudit"

    public async Task<AppendResult> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (await AppendBatchAsync(connection, transaction, [entry], ct))[0];
    }

    /// <summary>
    /// Appends <paramref name="entries"/> in their order, one result per entry. An event id the log already holds, or that
    /// came earlier in <paramref name="entries"/>, is a <see cref="AppendResult.Duplicate"/> and writes nothing.
    /// </summary>
    public async Task<IReadOnlyList<AppendResult>> AppendBatchAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return [];
        var (recorded, lastSeq, lastHash, canonicalData) = await ReadChainEndAsync(connection, transaction, entries, ct);

        var results = new AppendResult[entries.Count];
        var rows = new List<AuditRecord>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (recorded.TryGetValue(entries[i].EventId, out var seq))
            {
                results[i] = new AppendResult.Duplicate(seq);
                continue;
            }
            var record = AuditChain.Append(lastSeq, lastHash, entries[i].WithData(canonicalData[i]));
            (lastSeq, lastHash) = (record.Seq, record.Hash);
            recorded[record.Entry.EventId] = record.Seq;
            rows.Add(record);
            results[i] = new AppendResult.Appended(record);
        }
        if (rows.Count > 0) await InsertAsync(connection, transaction, rows, ct);
        return results;
    }

    /// <summary>
    /// One round trip: the chain lock, the seqs of the entries' ids already in the log, the chain's last row, and each
    /// entry's data in PostgreSQL's jsonb text form (what the chain hashes).
    /// </summary>
    private static async Task<(Dictionary<Guid, long> Recorded, long LastSeq, byte[] LastHash, string[] CanonicalData)> ReadChainEndAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@key)") { Parameters = { new NpgsqlParameter<long>("key", ChainLockKey) } },
                new NpgsqlBatchCommand("SELECT event_id, seq FROM audit_log WHERE event_id = ANY (@ids)")
                {
                    Parameters = { new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. entries.Select(e => e.EventId)] } },
                },
                new NpgsqlBatchCommand(
                    "SELECT last.seq, last.hash FROM (SELECT 1) one " +
                    "LEFT JOIN LATERAL (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) last ON true"),
                new NpgsqlBatchCommand("SELECT data::jsonb::text FROM unnest(@data) WITH ORDINALITY AS given(data, n) ORDER BY n")
                {
                    Parameters = { new NpgsqlParameter<string[]>("data", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. entries.Select(e => e.Data)] } },
                },
            },
        };
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct); // the lock
            var recorded = new Dictionary<Guid, long>();
            while (await reader.ReadAsync(ct)) recorded[reader.GetGuid(0)] = reader.GetInt64(1);
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            var lastSeq = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
            var lastHash = reader.IsDBNull(1) ? AuditChain.Genesis.ToArray() : reader.GetFieldValue<byte[]>(1);
            await reader.NextResultAsync(ct);
            var canonicalData = new string[entries.Count];
            for (var i = 0; await reader.ReadAsync(ct); i++) canonicalData[i] = reader.GetString(0);
            return (recorded, lastSeq, lastHash, canonicalData);
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 22 (data exception) from the jsonb cast; the message names the problem, never the value.
            throw new UnstorableDataException($"the data cannot be stored as jsonb ({e.SqlState}: {e.MessageText})", e);
        }
    }

    /// <summary>All rows with one statement, in seq order: the insert trigger checks each against the one before.</summary>
    private static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<AuditRecord> rows, CancellationToken ct)
    {
        await using var insert = new NpgsqlCommand(
            "INSERT INTO audit_log (seq, event_id, event_type, source, subject, partner_id, correlation_id, trace_id, data_schema, " +
            "occurred_at, recorded_at, topic, partition, kafka_offset, data, prev_hash, hash) " +
            "SELECT seq, event_id, event_type, source, subject, partner_id, correlation_id, trace_id, data_schema, " +
            "occurred_at, recorded_at, topic, partition, kafka_offset, data::jsonb, prev_hash, hash " +
            "FROM unnest(@seq, @event_id, @event_type, @source, @subject, @partner_id, @correlation_id, @trace_id, @data_schema, " +
            "@occurred_at, @recorded_at, @topic, @partition, @kafka_offset, @data, @prev_hash, @hash) " +
            "AS r(seq, event_id, event_type, source, subject, partner_id, correlation_id, trace_id, data_schema, " +
            "occurred_at, recorded_at, topic, partition, kafka_offset, data, prev_hash, hash) ORDER BY seq", connection, transaction)
        {
            Parameters =
            {
                ArrayOf("seq", NpgsqlDbType.Bigint, rows.Select(r => r.Seq)),
                ArrayOf("event_id", NpgsqlDbType.Uuid, rows.Select(r => r.Entry.EventId)),
                ArrayOf("event_type", NpgsqlDbType.Text, rows.Select(r => r.Entry.EventType)),
                ArrayOf("source", NpgsqlDbType.Text, rows.Select(r => r.Entry.Source)),
                ArrayOf("subject", NpgsqlDbType.Text, rows.Select(r => r.Entry.Subject)),
                ArrayOf("partner_id", NpgsqlDbType.Text, rows.Select(r => r.Entry.PartnerId)),
                ArrayOf("correlation_id", NpgsqlDbType.Text, rows.Select(r => r.Entry.CorrelationId)),
                ArrayOf("trace_id", NpgsqlDbType.Text, rows.Select(r => r.Entry.TraceId)),
                ArrayOf("data_schema", NpgsqlDbType.Text, rows.Select(r => r.Entry.DataSchema)),
                ArrayOf("occurred_at", NpgsqlDbType.TimestampTz, rows.Select(r => r.Entry.OccurredAt)),
                ArrayOf("recorded_at", NpgsqlDbType.TimestampTz, rows.Select(r => r.Entry.RecordedAt)),
                ArrayOf("topic", NpgsqlDbType.Text, rows.Select(r => r.Entry.Topic)),
                ArrayOf("partition", NpgsqlDbType.Integer, rows.Select(r => r.Entry.Partition)),
                ArrayOf("kafka_offset", NpgsqlDbType.Bigint, rows.Select(r => r.Entry.Offset)),
                ArrayOf("data", NpgsqlDbType.Text, rows.Select(r => r.Entry.Data)),
                ArrayOf("prev_hash", NpgsqlDbType.Bytea, rows.Select(r => r.PrevHash)),
                ArrayOf("hash", NpgsqlDbType.Bytea, rows.Select(r => r.Hash)),
            },
        };
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter<T[]> ArrayOf<T>(string name, NpgsqlDbType elementType, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | elementType) { TypedValue = [.. values] };
}
