using System.Diagnostics;

namespace Kyc.OutboxRelay.Telemetry;

/// <summary>
/// Activity source <c>Kyc.OutboxRelay</c> (traced by Kyc.Web's <c>Kyc.*</c> sources): one span per batch, linked to the
/// rows' write traces. Kyc.Messaging's producer adds a <c>send {topic}</c> span per message as a child of the trace the
/// row was written in (linked to the batch), so a trace runs from the API request through the relay to the consumers.
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

    private static bool TryParent(string? traceParent, string? traceState, out ActivityContext context)
    {
        context = default;
        return traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out context);
    }
}
