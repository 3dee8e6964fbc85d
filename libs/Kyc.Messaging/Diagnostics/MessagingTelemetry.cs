using System.Diagnostics;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;

namespace Kyc.Messaging.Diagnostics;

/// <summary>
/// Spans of the messaging library (<see cref="ActivitySourceName"/>, covered by the web library's <c>Kyc.*</c>):
/// <c>send {topic}</c> (producer) and <c>process {topic}</c> (consumer), with OpenTelemetry messaging attributes.
/// </summary>
public static class MessagingTelemetry
{
    public const string ActivitySourceName = "Kyc.Messaging";

    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName, typeof(MessagingTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// A producer span for one event, child of the event's own trace context (the request that wrote it), linked to the
    /// caller's current span (e.g. the relay's batch) when that is another trace. <see cref="Activity.Current"/> is left as it was.
    /// </summary>
    internal static Activity? StartSend(string topic, CloudEvent e)
    {
        if (!ActivitySource.HasListeners()) return null;
        var previous = Activity.Current;
        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        if (TryParse(e.TraceParent, e.TraceState, out var eventContext))
        {
            parent = eventContext;
            if (previous is not null && previous.TraceId != eventContext.TraceId) links = [new ActivityLink(previous.Context)];
        }
        var activity = ActivitySource.StartActivity($"send {topic}", ActivityKind.Producer, parent, links: links);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", topic);
            activity.SetTag("messaging.message.id", e.Id);
            activity.SetTag("cloudevents.event_id", e.Id);
            activity.SetTag("cloudevents.event_type", e.Type);
            activity.SetTag("cloudevents.event_source", e.Source);
            if (e.Subject is not null) activity.SetTag("cloudevents.event_subject", e.Subject);
            activity.SetTag("kyc.partner_id", e.PartnerId);
        }
        Activity.Current = previous;
        return activity;
    }

    /// <summary>
    /// A consumer span for one message: child of the message's <c>traceparent</c> header (the producer's span), else of
    /// the event's <c>ce_traceparent</c>; linked to the event's creation context when that differs from the parent.
    /// Becomes <see cref="Activity.Current"/> for the handler.
    /// </summary>
    internal static Activity? StartProcess(ConsumeResult<byte[]?, byte[]?> result, string consumerGroup)
    {
        if (!ActivitySource.HasListeners()) return null;
        var headers = result.Message.Headers;
        var hasTransport = TryParse(
            KafkaCloudEventBinding.TryGetHeader(headers, KafkaCloudEventBinding.W3CTraceParentHeader),
            KafkaCloudEventBinding.TryGetHeader(headers, KafkaCloudEventBinding.W3CTraceStateHeader), out var transport);
        var hasEvent = TryParse(
            KafkaCloudEventBinding.TryGetHeader(headers, KafkaCloudEventBinding.TraceParentHeader),
            KafkaCloudEventBinding.TryGetHeader(headers, KafkaCloudEventBinding.TraceStateHeader), out var creation);
        var parent = hasTransport ? transport : hasEvent ? creation : default;
        List<ActivityLink>? links = hasTransport && hasEvent && creation.SpanId != transport.SpanId ? [new ActivityLink(creation)] : null;
        var activity = ActivitySource.StartActivity($"process {result.Topic}", ActivityKind.Consumer, parent, links: links);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", result.Topic);
            activity.SetTag("messaging.consumer.group.name", consumerGroup);
            activity.SetTag("messaging.destination.partition.id", KafkaOptions.Invariant(result.Partition.Value));
            activity.SetTag("messaging.kafka.offset", result.Offset.Value);
            if (KafkaCloudEventBinding.TryGetHeader(headers, KafkaCloudEventBinding.IdHeader) is { } id)
            {
                activity.SetTag("messaging.message.id", id);
                activity.SetTag("cloudevents.event_id", id);
            }
            if (KafkaCloudEventBinding.TryGetHeader(headers, KafkaCloudEventBinding.TypeHeader) is { } type) activity.SetTag("cloudevents.event_type", type);
        }
        return activity;
    }

    /// <summary>
    /// The consumer span of one message of a batch: as <see cref="StartProcess"/>, plus <c>messaging.batch.message_count</c>,
    /// but <see cref="Activity.Current"/> is left as it was (the batch's messages are handled together, under none of them).
    /// </summary>
    internal static Activity? StartProcessInBatch(ConsumeResult<byte[]?, byte[]?> result, string consumerGroup, int batchSize)
    {
        if (!ActivitySource.HasListeners()) return null;
        var previous = Activity.Current;
        var activity = StartProcess(result, consumerGroup);
        activity?.SetTag("messaging.batch.message_count", batchSize);
        Activity.Current = previous;
        return activity;
    }

    /// <summary>The W3C <c>traceparent</c> of <paramref name="activity"/> (null for non-W3C ids).</summary>
    internal static string? TraceParentOf(Activity activity) =>
        activity.IdFormat == ActivityIdFormat.W3C ? activity.Id : null;

    /// <summary>Stops <paramref name="activity"/> without touching the caller's <see cref="Activity.Current"/>.</summary>
    internal static void StopQuietly(Activity? activity)
    {
        if (activity is null) return;
        var previous = Activity.Current;
        activity.Stop();
        Activity.Current = previous;
    }

    private static bool TryParse(string? traceParent, string? traceState, out ActivityContext context)
    {
        context = default;
        return !string.IsNullOrEmpty(traceParent) && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out context);
    }
}
