namespace Kyc.SharedKernel;

/// <summary>
/// A state-changing use case. The command pipeline (Kyc.Commands) validates the command, opens the unit of work in the
/// command's partition, calls <see cref="HandleAsync"/> with the service's session over it, then stores what the
/// session tracked with its events and commits: a handler only loads, decides and returns.
/// </summary>
/// <typeparam name="TSession">The service's port to its aggregates within the unit of work (e.g. the cases of one region).</typeparam>
public interface ICommandHandler<in TCommand, in TSession, TResult>
{
    /// <summary>The partition (data region) whose database the command's data is in; null for a service with one database.</summary>
    string? PartitionOf(TCommand command) => null;

    Task<TResult> HandleAsync(TCommand command, TSession session, CancellationToken ct);
}

/// <summary>A read: the pipeline validates the query, then asks the handler.</summary>
public interface IQueryHandler<in TQuery, TResult>
{
    Task<TResult> HandleAsync(TQuery query, CancellationToken ct);
}

/// <summary>An integration event an aggregate's change publishes: its Kyc.Contracts payload and the envelope's fields.</summary>
/// <param name="Subject">The aggregate id: CloudEvents subject and Kafka key.</param>
public sealed record IntegrationEvent(object Data, string Subject, string PartnerId, DateTimeOffset OccurredAt);

/// <summary>Turns the domain events an aggregate raised in a unit of work into the integration events the outbox publishes.</summary>
public interface IIntegrationEvents
{
    IReadOnlyList<IntegrationEvent> Of(object aggregate);
}

/// <summary>An aggregate with optimistic concurrency: its version is its ETag (<c>"7"</c>).</summary>
public interface IVersioned
{
    int Version { get; }
}
