namespace Kyc.Web.Metrics;

/// <summary>One series of a counter, up-down counter or gauge.</summary>
internal sealed class ScalarPoint(string labels)
{
    private double _value;

    public string Labels { get; } = labels;

    public double Value => Volatile.Read(ref _value);

    public void Add(double value) => AtomicDouble.Add(ref _value, value);

    public void Set(double value) => Interlocked.Exchange(ref _value, value);
}
