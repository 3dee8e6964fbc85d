using Npgsql;
using NpgsqlTypes;

namespace Kyc.Messaging.Consuming;

/// <summary>
/// The <c>inbox</c> table (created by Kyc.Persistence's migrations): one row per event a consumer group has processed,
/// written in the same transaction as the group's own changes.
/// </summary>
public static class Inbox
{
    /// <summary>
    /// Records <paramref name="eventId"/> for <paramref name="consumerGroup"/> in <paramref name="transaction"/>; false when
    /// it was already there (a duplicate). A concurrent transaction recording the same event waits for this one to end.
    /// </summary>
    public static async Task<bool> TryRecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string consumerGroup, Guid eventId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand(
            "INSERT INTO inbox (consumer_group, event_id) VALUES (@group, @id) ON CONFLICT (consumer_group, event_id) DO NOTHING",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("group", NpgsqlDbType.Text) { TypedValue = consumerGroup });
        command.Parameters.Add(new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) { TypedValue = eventId });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// Records every id of <paramref name="eventIds"/> for <paramref name="consumerGroup"/> in <paramref name="transaction"/>
    /// with one statement, and returns the ids that were not there yet (each id once, however often it was given). Rows are
    /// inserted in id order, so two transactions recording overlapping sets wait for each other instead of deadlocking.
    /// </summary>
    public static async Task<HashSet<Guid>> RecordNewAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string consumerGroup, IReadOnlyCollection<Guid> eventIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(eventIds);
        await using var command = new NpgsqlCommand(
            "INSERT INTO inbox (consumer_group, event_id) SELECT DISTINCT @group, id FROM unnest(@ids) AS given(id) ORDER BY 2 " +
            "ON CONFLICT (consumer_group, event_id) DO NOTHING RETURNING event_id",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("group", NpgsqlDbType.Text) { TypedValue = consumerGroup });
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { TypedValue = [.. eventIds] });
        var recorded = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) recorded.Add(reader.GetGuid(0));
        return recorded;
    }

    /// <summary>
    /// Deletes inbox rows processed more than <paramref name="retention"/> ago, in batches, and returns how many. Keep
    /// <paramref name="retention"/> longer than any topic's retention (and any replay window): an event whose row is gone
    /// would be processed again if it were redelivered.
    /// </summary>
    public static async Task<long> PurgeAsync(NpgsqlDataSource dataSource, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (retention <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(retention), "the retention must be positive");
        long total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand(
                "DELETE FROM inbox WHERE ctid = ANY (ARRAY(SELECT ctid FROM inbox WHERE processed_at < now() - @retention LIMIT 10000))");
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("retention", NpgsqlDbType.Interval) { TypedValue = retention });
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < 10000) return total;
        }
    }
}
