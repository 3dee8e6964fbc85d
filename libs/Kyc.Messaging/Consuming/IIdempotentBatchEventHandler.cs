using Npgsql;

namespace Kyc.Messaging.Consuming;

/// <summary>
/// An <see cref="IIdempotentEventHandler"/> that can also handle many events in one transaction, which the consumer host
/// then uses for a backlog: it reads up to <see cref="KafkaConsumerOptions.MaxBatchSize"/> messages, records all their
/// ids in <c>inbox</c> at once and passes the events that were not there yet, in the order they were read (so per
/// partition in offset order), to <see cref="HandleBatchAsync"/>, in the same transaction. The same rules as for
/// <see cref="IIdempotentEventHandler.HandleAsync"/> apply. If the batch throws, for whatever reason, it is rolled back
/// and its messages are processed again one by one through <see cref="IIdempotentEventHandler.HandleAsync"/>, each with
/// its own retries and dead-lettering: so a batch needs no error handling of its own beyond throwing.
/// <see cref="KafkaMessageContext.Current"/> is null during a batch; each <see cref="ConsumedEvent"/> carries its own.
/// </summary>
public interface IIdempotentBatchEventHandler : IIdempotentEventHandler
{
    Task HandleBatchAsync(IReadOnlyList<ConsumedEvent> events, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);
}
