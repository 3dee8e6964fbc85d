using Confluent.Kafka;

namespace Kyc.OutboxRelay.Publishing;

/// <summary>A Kafka message for a topic, keyed by the aggregate id.</summary>
public readonly record struct OutgoingMessage(string Topic, Message<string, byte[]> Message);

public enum DeliveryStatus
{
    /// <summary>No delivery report (yet): the broker may or may not have the message.</summary>
    Pending,

    /// <summary>The broker acknowledged it (acks=all).</summary>
    Acknowledged,

    /// <summary>The producer reported an error for it.</summary>
    Failed,

    /// <summary>Not handed to the producer because an earlier message with the same key failed in this batch.</summary>
    NotSent,
}

public readonly record struct DeliveryOutcome(DeliveryStatus Status, string? Error = null, string? ErrorType = null)
{
    public static DeliveryOutcome Acknowledged { get; } = new(DeliveryStatus.Acknowledged);
}

/// <summary>
/// The relay's producer (one small seam, so the platform's producer wrapper in libs/Kyc.Messaging can replace it).
/// Guarantees the relay's ordering rests on:
/// <list type="bullet">
/// <item>messages are produced in the order given; for each key, the messages handed to the broker are a prefix of
///   that key's messages in the batch (after a message fails to be produced, later ones with its key are <see cref="DeliveryStatus.NotSent"/>);</item>
/// <item>per partition, what the broker stores from one producer is a prefix of what it was sent (idempotence
///   without gaps), so a retry from the oldest unacknowledged row can only duplicate, never reorder.</item>
/// </list>
/// After any batch that is not fully acknowledged the relay disposes the producer and creates a new one.
/// </summary>
public interface IOutboxProducer : IDisposable
{
    /// <summary>True after a fatal producer error: every later produce fails, replace the producer.</summary>
    bool IsFatal { get; }

    /// <summary>
    /// Produces <paramref name="messages"/> and waits until each has a delivery report, <paramref name="timeout"/> passed,
    /// or <paramref name="cancellationToken"/> fired; never throws for delivery problems. The result has one outcome per
    /// message, <see cref="DeliveryStatus.Pending"/> for those without a report. <paramref name="onDelivered"/> runs
    /// for each report (on the producer's thread).
    /// </summary>
    Task<DeliveryOutcome[]> PublishAsync(
        IReadOnlyList<OutgoingMessage> messages, TimeSpan timeout, Action<int, DeliveryOutcome>? onDelivered, CancellationToken cancellationToken);
}
