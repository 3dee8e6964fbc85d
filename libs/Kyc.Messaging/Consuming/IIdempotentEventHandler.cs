using Kyc.Messaging.CloudEvents;
using Npgsql;

namespace Kyc.Messaging.Consuming;

/// <summary>
/// Handles one event of a consumer group, exactly once in effect. The consumer host calls it inside a transaction on
/// the group's database that already holds the event's <c>inbox</c> row, and commits both together; a redelivered event
/// never reaches the handler again. Write only through <paramref name="connection"/> and <paramref name="transaction"/>,
/// and do nothing outside the database that cannot be repeated: an attempt that throws is rolled back and retried.
/// Throw <see cref="PermanentEventFailureException"/> when retrying cannot help (e.g. the data fails its schema); any
/// other exception is retried with backoff and, after the attempt budget, dead-lettered. Handlers are resolved from a
/// new DI scope per message.
/// </summary>
public interface IIdempotentEventHandler
{
    Task HandleAsync(CloudEvent e, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
