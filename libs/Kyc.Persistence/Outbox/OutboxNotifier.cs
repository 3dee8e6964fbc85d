using Npgsql;

namespace Kyc.Persistence.Outbox;

/// <summary>
/// Tells the outbox relay (LISTEN <c>kyc_outbox</c>) that appended rows are committed, so it publishes at once.
/// Call it after the appending transaction committed, outside any transaction: a NOTIFY inside the writing
/// transaction would serialise all writers' commits (see migration V0005). If it is never sent (the process died in
/// between), the relay's sweep publishes the rows a few seconds later; nothing is lost.
/// </summary>
public static class OutboxNotifier
{
    public const string Channel = "kyc_outbox";

    public static async Task NotifyCommittedAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand($"SELECT pg_notify('{Channel}', '')", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
