using Kyc.Audit.Domain.Replay;
using Kyc.SharedKernel;
using Npgsql;
using NpgsqlTypes;

namespace Kyc.Audit.Infrastructure.Persistence;

internal static class ReplayJobRows
{
    public const string Columns =
        "id, status, target_topic, event_type, aggregate_id, correlation_id, partner_id, occurred_from, occurred_to, after_seq, up_to_seq, " +
        "total_events, published_events, last_published_seq, requested_by, created_at, started_at, finished_at, error";

    public static ReplayJob Read(NpgsqlDataReader r)
    {
        var filter = new ReplayFilter(Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), Time(r, 7), Time(r, 8), r.GetInt64(9), r.GetInt64(10));
        return ReplayJob.Restore(r.GetGuid(0), filter, Text(r, 2), r.GetString(14), Wire.Parse<ReplayJobStatus>(r.GetString(1)),
            r.GetInt64(11), r.GetInt64(12), r.GetInt64(13), r.GetFieldValue<DateTimeOffset>(15), Time(r, 16), Time(r, 17), Text(r, 18));
    }

    public static async Task<ReplayJob?> ReadOneAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    public static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
