using System.Diagnostics;

namespace Kyc.Persistence.Outbox;

/// <summary>The W3C <c>traceparent</c>/<c>tracestate</c> values of an activity (none for non-W3C ids).</summary>
internal static class W3CTraceContext
{
    public static (string? TraceParent, string? TraceState) Of(Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C) return (null, null);
        var flags = (activity.ActivityTraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00";
        var traceParent = $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{flags}";
        return (traceParent, string.IsNullOrEmpty(activity.TraceStateString) ? null : activity.TraceStateString);
    }
}
