namespace Kyc.Messaging.Consuming;

/// <summary>
/// Where the message being handled was read, and which attempt this is: available as <see cref="Current"/> to an
/// <see cref="IIdempotentEventHandler"/> and everything it calls, null outside a handler call.
/// </summary>
public sealed record KafkaMessageContext(
    string ConsumerGroup,
    string Topic,
    int Partition,
    long Offset,
    DateTimeOffset? Timestamp,
    int Attempt)
{
    private static readonly AsyncLocal<KafkaMessageContext?> CurrentContext = new();

    /// <summary>The message the current handler call is processing.</summary>
    public static KafkaMessageContext? Current
    {
        get => CurrentContext.Value;
        internal set => CurrentContext.Value = value;
    }
}
