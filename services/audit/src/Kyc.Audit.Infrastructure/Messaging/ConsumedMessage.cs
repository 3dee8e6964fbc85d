using Kyc.Messaging.Consuming;

namespace Kyc.Audit.Infrastructure.Messaging;

/// <summary>Where the message being handled was read: topic, partition, offset.</summary>
public sealed record KafkaCoordinates(string? Topic, int? Partition, long? Offset)
{
    /// <summary>From the consumer host's context of the message being handled (null outside a handler call).</summary>
    public static KafkaCoordinates OfCurrentMessage() =>
        KafkaMessageContext.Current is { } m ? Of(m) : new KafkaCoordinates(null, null, null);

    public static KafkaCoordinates Of(KafkaMessageContext message) => new(message.Topic, message.Partition, message.Offset);
}
