using System.Collections;

namespace Kyc.Web.RequestIds;

/// <summary>The logging scope that puts <c>request_id</c> on every log line of a request.</summary>
internal sealed class RequestIdLogScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string PropertyName = "request_id";

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(PropertyName, requestId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{PropertyName}:{requestId}";
}
