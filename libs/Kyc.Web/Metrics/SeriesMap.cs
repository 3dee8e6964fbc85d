using System.Collections.Concurrent;

namespace Kyc.Web.Metrics;

/// <summary>
/// The series of one instrument by tag set. Reads are lock-free; past <see cref="MaxSeries"/> tag sets, further
/// ones are folded into one series labelled <c>otel_metric_overflow="true"</c>, as the OpenTelemetry SDK does.
/// </summary>
internal sealed class SeriesMap<TPoint>(Func<TagSet, TPoint> create)
    where TPoint : class
{
    public const int MaxSeries = 2000;

    private static readonly TagSet OverflowTags = TagSet.Of(new KeyValuePair<string, object?>("otel_metric_overflow", "true"));

    private readonly ConcurrentDictionary<TagSet, TPoint> _points = new();
    private TPoint? _untagged;
    private int _count;

    public TPoint Get(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty) return _untagged ?? GetSlow(TagSet.Of());
        var key = TagSet.Lookup(tags);
        return _points.TryGetValue(key, out var point) ? point : GetSlow(key.Copy());
    }

    public IEnumerable<TPoint> Points()
    {
        foreach (var (_, point) in _points) yield return point;
    }

    private TPoint GetSlow(TagSet key)
    {
        if (Volatile.Read(ref _count) >= MaxSeries && !_points.ContainsKey(key)) key = OverflowTags;
        var added = false;
        var point = _points.GetOrAdd(key, k =>
        {
            added = true;
            return create(k);
        });
        if (added) Interlocked.Increment(ref _count);
        if (key.Tags.IsEmpty) _untagged = point;
        return point;
    }
}
