using System.Diagnostics;

namespace Kyc.OutboxRelay.Telemetry;

/// <summary>
/// Activity source <c>Kyc.OutboxRelay</c> (traced by Kyc.Web's <c>Kyc.*</c> sources): one span per batch, linked to the
/// rows' write traces, and one producer span per message as a child of the trace the row was written in, so a trace
/// runs from the API request through the relay to the consumers.
/// </summary>
public static class RelayTracing
{
    public const string SourceName = "Kyc.OutboxRelay";
    private const int MaxLinksPerBatch = 64;

    public static ActivitySource Source { get; } = new(SourceName);

    public static Activity? StartBatch(string source, IReadOnlyList<Outbox.OutboxRow> rows)
    {
        if (!Source.HasListeners()) return null;
        var links = new List<ActivityLink>();
        foreach (var row in rows)
        {
            if (links.Count == MaxLinksPerBatch) break;
            if (TryParent(row.TraceParent, row.TraceState, out var context)) links.Add(new ActivityLink(context));
        }
        var activity = Source.StartActivity("outbox publish", ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag("kyc.outbox.source", source);
        activity?.SetTag("messaging.batch.message_count", rows.Count);
        return activity;
    }

    /// <summary>A producer span per message, parented on the row's trace context (a new trace when the row has none).</summary>
    public static Activity? StartPublish(Outbox.OutboxRow row, Activity? batch)
    {
        if (!Source.HasListeners()) return null;
        TryParent(row.TraceParent, row.TraceState, out var parent);
        IEnumerable<ActivityLink>? links = batch is null ? null : [new ActivityLink(batch.Context)];
        var activity = Source.StartActivity($"{row.Topic} publish", ActivityKind.Producer, parent, links: links);
        if (activity is null) return null;
        activity.SetTag("messaging.system", "kafka");
        activity.SetTag("messaging.operation.type", "send");
        activity.SetTag("messaging.destination.name", row.Topic);
        activity.SetTag("messaging.message.id", row.Id.ToString());
        activity.SetTag("messaging.kafka.message.key", row.Subject);
        activity.SetTag("cloudevents.event_type", row.Type);
        return activity;
    }

    /// <summary>The W3C <c>traceparent</c> of an activity, or null when it does not use W3C ids.</summary>
    public static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;

    private static bool TryParent(string? traceParent, string? traceState, out ActivityContext context)
    {
        context = default;
        return traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out context);
    }
}
