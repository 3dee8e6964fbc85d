namespace Kyc.Messaging.CloudEvents;

/// <summary>
/// A CloudEvents 1.0 event as the platform uses it: JSON data, the partner id and W3C trace context as extensions,
/// and the correlation id of the request that caused it. (Stands in for CloudNative.CloudEvents, not available here.)
/// </summary>
public sealed record CloudEvent(
    string Id,
    string Source,
    string Type,
    DateTimeOffset Time,
    string? Subject,
    string? DataSchema,
    string PartnerId,
    ReadOnlyMemory<byte> Data,
    string? TraceParent = null,
    string? TraceState = null,
    string? CorrelationId = null)
{
    public const string SpecVersion = "1.0";
    public const string JsonContentType = "application/json";
}

/// <summary>A Kafka message is not a valid CloudEvent of the platform; <see cref="Exception.Message"/> names what is wrong.</summary>
public sealed class CloudEventFormatException(string message) : Exception(message);
