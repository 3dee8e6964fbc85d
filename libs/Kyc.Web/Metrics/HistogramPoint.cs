namespace Kyc.Web.Metrics;

/// <summary>One series of a histogram: a count per bucket (the last one above every bound) and the sum.</summary>
internal sealed class HistogramPoint(string labels, int bounds)
{
    private readonly long[] _counts = new long[bounds + 1];
    private double _sum;

    public string Labels { get; } = labels;

    public double Sum => Volatile.Read(ref _sum);

    public void Record(double value, double[] bounds)
    {
        var bucket = 0;
        while (bucket < bounds.Length && value > bounds[bucket]) bucket++;
        Interlocked.Increment(ref _counts[bucket]);
        AtomicDouble.Add(ref _sum, value);
    }

    /// <summary>The count of bucket <paramref name="index"/>; index <c>bounds</c> is the +Inf remainder.</summary>
    public long CountAt(int index) => Volatile.Read(ref _counts[index]);
}
