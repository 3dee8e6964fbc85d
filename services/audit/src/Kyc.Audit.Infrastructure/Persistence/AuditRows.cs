using Kyc.Audit.Domain.Log;
using Npgsql;

namespace Kyc.Audit.Infrastructure.Persistence;

/// <summary>Reading audit_log rows. <c>data</c> is read as <c>data::text</c>: the exact text the chain hashes.</summary>
internal static class AuditRows
{
    public const string Columns =
        "seq, event_id, event_type, source, subject, partner_id, correlation_id, trace_id, data_schema, occurred_at, recorded_at, " +
        "topic, partition, kafka_offset, data::text, prev_hash, hash";

    public static AuditRecord Read(NpgsqlDataReader r)
    {
        var entry = new AuditEntry(
            r.GetGuid(1), r.GetString(2), r.GetString(3), Text(r, 4), r.GetString(5), Text(r, 6), Text(r, 7), Text(r, 8),
            r.GetFieldValue<DateTimeOffset>(9), r.GetFieldValue<DateTimeOffset>(10), Text(r, 11),
            r.IsDBNull(12) ? null : r.GetInt32(12), r.IsDBNull(13) ? null : r.GetInt64(13), r.GetString(14));
        return new AuditRecord(r.GetInt64(0), entry, r.GetFieldValue<byte[]>(15), r.GetFieldValue<byte[]>(16));
    }

    public static async Task<List<AuditRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var rows = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(Read(reader));
        return rows;
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
