using Kyc.Messaging.CloudEvents;

namespace Kyc.Messaging.Consuming;

/// <summary>An event of a batch, with where its message was read (the attempt is always 1 in a batch).</summary>
public sealed record ConsumedEvent(CloudEvent Event, KafkaMessageContext Message);
