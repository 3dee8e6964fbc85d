using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;

namespace Kyc.Messaging.Producing;

/// <summary>One event to publish to <paramref name="Topic"/>.</summary>
public readonly record struct OutgoingEvent(string Topic, CloudEvent Event);

/// <summary>
/// What the broker said about one produced message. <see cref="Acknowledged"/>: written to all in-sync replicas at
/// <see cref="Partition"/>/<see cref="Offset"/>. Otherwise <see cref="Error"/> says why; <see cref="PossiblyPersisted"/>
/// means it may have been written anyway (e.g. a timeout after sending), so a retry may duplicate it. <see cref="NotSent"/>:
/// never handed to the client (the batch was cancelled, or with strict ordering an earlier event of its key failed).
/// </summary>
public sealed record ProduceResult(
    string Topic,
    string? EventId,
    bool Acknowledged,
    int Partition,
    long Offset,
    ErrorCode ErrorCode,
    string? Error,
    bool PossiblyPersisted = false,
    bool NotSent = false)
{
    /// <summary>No acknowledgement came within the caller's wait: the broker may or may not have it.</summary>
    public bool TimedOut => ErrorCode == ErrorCode.Local_TimedOut && PossiblyPersisted;

    internal static ProduceResult Success(string topic, string? eventId, int partition, long offset) =>
        new(topic, eventId, true, partition, offset, ErrorCode.NoError, null);

    internal static ProduceResult Failure(string topic, string? eventId, ErrorCode code, string reason, bool possiblyPersisted = false) =>
        new(topic, eventId, false, -1, -1, code, $"{code}: {reason}", possiblyPersisted);

    internal static ProduceResult Unsent(string topic, string? eventId, string reason) =>
        new(topic, eventId, false, -1, -1, ErrorCode.Local_Fail, $"not sent: {reason}", NotSent: true);
}

/// <summary>A message was not acknowledged by the broker; <see cref="Result"/> says why.</summary>
public sealed class KafkaProduceException(ProduceResult result)
    : Exception($"producing {(result.EventId is null ? "a message" : $"event {result.EventId}")} to {result.Topic} failed: {result.Error}")
{
    public ProduceResult Result { get; } = result;
}
