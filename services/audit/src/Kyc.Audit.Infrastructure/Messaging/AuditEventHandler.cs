using Kyc.Audit.Application.Ingestion;
using Kyc.Audit.Domain.Log;
using Kyc.Audit.Infrastructure.Persistence;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Consuming;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kyc.Audit.Infrastructure.Messaging;

/// <summary>
/// The kyc-audit consumer group's handler: checks each event against the contracts (<see cref="EventIngestion"/>) and
/// appends it to the chain, in the transaction that also holds the event's inbox row (Kyc.Messaging). An event that
/// fails its schema, is of an unknown type or cannot be stored is a permanent failure: Kyc.Messaging dead-letters it at
/// once with the reasons (paths and messages, never values) and nothing is appended. A backlog is appended in batches
/// (one lock, one chain-end read and one insert per batch); a batch holding such an event fails as a whole, and
/// Kyc.Messaging then processes its messages one by one, so that only that event is dead-lettered.
/// </summary>
public sealed partial class AuditEventHandler(EventIngestion ingestion, PostgresAuditAppender appender, AuditMetrics metrics, ILogger<AuditEventHandler> logger)
    : IIdempotentBatchEventHandler
{
    public async Task HandleAsync(CloudEvent e, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var at = KafkaCoordinates.OfCurrentMessage();
        switch (ingestion.Decide(Received(e, at)))
        {
            case IngestDecision.Reject reject:
                metrics.Rejected(e.Type, at.Topic);
                LogRejected(logger, e.Id, e.Type, at.Topic, reject.Describe());
                throw new PermanentEventFailureException(reject.Describe());
            case IngestDecision.Accept accept:
                AppendResult result;
                try
                {
                    result = await appender.AppendAsync(connection, transaction, accept.Entry, cancellationToken);
                }
                catch (UnstorableDataException ex)
                {
                    metrics.Rejected(e.Type, at.Topic);
                    throw new PermanentEventFailureException(ex.Message, ex);
                }
                Count(e, at, result);
                break;
        }
    }

    public async Task HandleBatchAsync(
        IReadOnlyList<ConsumedEvent> events, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>(events.Count);
        foreach (var consumed in events)
        {
            // Counted and logged when HandleAsync meets it again, alone.
            if (ingestion.Decide(Received(consumed.Event, KafkaCoordinates.Of(consumed.Message))) is not IngestDecision.Accept accept)
                throw new PermanentEventFailureException($"event {consumed.Event.Id} is rejected: the batch is handled one event at a time");
            entries.Add(accept.Entry);
        }
        var results = await appender.AppendBatchAsync(connection, transaction, entries, cancellationToken);
        for (var i = 0; i < events.Count; i++) Count(events[i].Event, KafkaCoordinates.Of(events[i].Message), results[i]);
    }

    private static ReceivedEvent Received(CloudEvent e, KafkaCoordinates at) =>
        new(e.Id, e.Type, e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceParent, e.DataSchema, e.Time, e.Data, at.Topic, at.Partition, at.Offset);

    private void Count(CloudEvent e, KafkaCoordinates at, AppendResult result)
    {
        switch (result)
        {
            case AppendResult.Appended appended:
                metrics.Appended(e.Type, at.Topic, appended.Record.Entry);
                metrics.AppendedSeq(appended.Record.Seq);
                break;
            case AppendResult.Duplicate duplicate:
                // Another consumer group or a replay put the same id through another inbox entry: one row per id.
                metrics.Duplicate(at.Topic);
                LogDuplicate(logger, e.Id, duplicate.Seq);
                break;
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning,
        Message = "Audit: event {EventId} of type {EventType} from {Topic} rejected for the dead-letter topic: {Reason}")]
    private static partial void LogRejected(ILogger logger, string eventId, string eventType, string? topic, string reason);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Audit: event {EventId} is already recorded at seq {Seq}; skipped")]
    private static partial void LogDuplicate(ILogger logger, string eventId, long seq);
}
