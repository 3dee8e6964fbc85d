namespace Kyc.Messaging.Producing;

public enum ProducerOrdering
{
    /// <summary>
    /// The service's shared producer: each message is retried by librdkafka until <see cref="KafkaOptions.Timeout"/>;
    /// when one event of a key fails, later events of the key may still be acknowledged.
    /// </summary>
    Default,

    /// <summary>
    /// For a publisher that must never store a later event of a key before an earlier one (the outbox relay): per
    /// partition, what the broker stores is a prefix of what was sent (gapless guarantee, no librdkafka-side expiry);
    /// after an event of a key cannot be handed over, the key's later events of the batch are not sent. The caller bounds
    /// each wait (<see cref="KafkaProducer.ProduceBatchAsync(IReadOnlyList{OutgoingEvent}, TimeSpan, CancellationToken)"/>) and
    /// replaces the producer when <see cref="KafkaProducer.NeedsReplacement"/> (it may still hold unacknowledged messages,
    /// which must not reach the broker after a retry's).
    /// </summary>
    Strict,
}
