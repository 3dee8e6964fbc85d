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
/// Appends rows to the chain inside the caller's transaction (the consumer's, which also holds the inbox row).
/// Appenders are serialised by a transaction-scoped advisory lock, so two instances can never both append row n: the
/// second waits for the first to commit and then reads the new end of the chain. The database checks each new row's
/// link and hash again (trigger audit_log_extends_chain).
/// </summary>
public sealed class PostgresAuditAppender
{
    /// <summary>The <c>pg_advisory_xact_lock</c> key of the chain's end (stable: derived from "kyc-audit-chain").</summary>
    public const long ChainLockKey = 0x6B79_6361_7564_6974; // "kycaudit"

    public async Task<AppendResult> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@key)") { Parameters = { new NpgsqlParameter<long>("key", ChainLockKey) } },
                new NpgsqlBatchCommand("SELECT seq FROM audit_log WHERE event_id = @id")
                {
                    Parameters = { new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = entry.EventId } },
                },
                new NpgsqlBatchCommand(
                    "SELECT last.seq, last.hash, @data::jsonb::text FROM (SELECT 1) one " +
                    "LEFT JOIN LATERAL (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) last ON true")
                {
                    Parameters = { new NpgsqlParameter<string>("data", NpgsqlDbType.Text) { TypedValue = entry.Data } },
                },
            },
        };
        long lastSeq;
        byte[] lastHash;
        string canonicalData;
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct); // the lock
            if (await reader.ReadAsync(ct)) return new AppendResult.Duplicate(reader.GetInt64(0));
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            lastSeq = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
            lastHash = reader.IsDBNull(1) ? AuditChain.Genesis.ToArray() : reader.GetFieldValue<byte[]>(1);
            canonicalData = reader.GetString(2);
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 22 (data exception) from the jsonb cast; the message names the problem, never the value.
            throw new UnstorableDataException($"the data cannot be stored as jsonb ({e.SqlState}: {e.MessageText})", e);
        }

        var record = AuditChain.Append(lastSeq, lastHash, entry.WithData(canonicalData));
        var e2 = record.Entry;
        await using var insert = new NpgsqlCommand(
            "INSERT INTO audit_log (seq, event_id, event_type, source, subject, partner_id, correlation_id, trace_id, data_schema, " +
            "occurred_at, recorded_at, topic, partition, kafka_offset, data, prev_hash, hash) VALUES (@seq, @event_id, @event_type, " +
            "@source, @subject, @partner_id, @correlation_id, @trace_id, @data_schema, @occurred_at, @recorded_at, @topic, @partition, " +
            "@kafka_offset, @data::jsonb, @prev_hash, @hash)", connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<long>("seq", record.Seq),
                new NpgsqlParameter<Guid>("event_id", NpgsqlDbType.Uuid) { TypedValue = e2.EventId },
                Text("event_type", e2.EventType),
                Text("source", e2.Source),
                Text("subject", e2.Subject),
                Text("partner_id", e2.PartnerId),
                Text("correlation_id", e2.CorrelationId),
                Text("trace_id", e2.TraceId),
                Text("data_schema", e2.DataSchema),
                new NpgsqlParameter<DateTimeOffset>("occurred_at", NpgsqlDbType.TimestampTz) { TypedValue = e2.OccurredAt },
                new NpgsqlParameter<DateTimeOffset>("recorded_at", NpgsqlDbType.TimestampTz) { TypedValue = e2.RecordedAt },
                Text("topic", e2.Topic),
                new NpgsqlParameter("partition", NpgsqlDbType.Integer) { Value = (object?)e2.Partition ?? DBNull.Value },
                new NpgsqlParameter("kafka_offset", NpgsqlDbType.Bigint) { Value = (object?)e2.Offset ?? DBNull.Value },
                Text("data", e2.Data),
                new NpgsqlParameter<byte[]>("prev_hash", NpgsqlDbType.Bytea) { TypedValue = record.PrevHash },
                new NpgsqlParameter<byte[]>("hash", NpgsqlDbType.Bytea) { TypedValue = record.Hash },
            },
        };
        await insert.ExecuteNonQueryAsync(ct);
        return new AppendResult.Appended(record);
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
