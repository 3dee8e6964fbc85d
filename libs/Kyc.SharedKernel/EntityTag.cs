namespace Kyc.SharedKernel;

/// <summary>Entity tags (RFC 9110 8.8.3): <c>"7"</c> (strong) or <c>W/"7"</c> (weak).</summary>
public static class EntityTag
{
    /// <summary>The strong tag of an aggregate's version: <c>"7"</c>.</summary>
    public static string Of(int version) => $"\"{version}\"";

    public static string Strong(string opaque) => $"\"{opaque}\"";

    public static string Weak(string opaque) => $"W/\"{opaque}\"";

    /// <summary>
    /// The tags of an If-Match or If-None-Match field value (<c>"6", W/"7"</c>), as written; null when the value is not a
    /// list of entity tags. A comma may stand inside a tag's quotes.
    /// </summary>
    public static IReadOnlyList<string>? ParseList(string value)
    {
        var tags = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < value.Length && value[i] is ' ' or '\t' or ',') i++;
            if (i == value.Length) return tags;
            var start = i;
            if (value.AsSpan(i).StartsWith("W/", StringComparison.Ordinal)) i += 2;
            if (i >= value.Length || value[i] != '"') return null;
            var close = value.IndexOf('"', i + 1);
            if (close < 0) return null;
            i = close + 1;
            tags.Add(value[start..i]);
            while (i < value.Length && value[i] is ' ' or '\t') i++;
            if (i < value.Length && value[i] != ',') return null;
        }
    }

    /// <summary>Strong comparison: both strong and equal.</summary>
    public static bool StrongEquals(string a, string b) =>
        !a.StartsWith("W/", StringComparison.Ordinal) && !b.StartsWith("W/", StringComparison.Ordinal) && string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>Weak comparison: equal once any <c>W/</c> is dropped.</summary>
    public static bool WeakEquals(string a, string b) => string.Equals(Opaque(a), Opaque(b), StringComparison.Ordinal);

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}

/// <summary>
/// An If-Match precondition (RFC 9110 13.1.1) carried by a command: none (no header), any current version (<c>*</c>),
/// or a list of entity tags of which one must be the current one (strong comparison).
/// </summary>
public sealed class IfMatch
{
    private readonly IReadOnlyList<string>? _tags;

    private IfMatch(IReadOnlyList<string>? tags, bool any)
    {
        _tags = tags;
        IsAny = any;
    }

    /// <summary>No If-Match header: no condition.</summary>
    public static IfMatch None { get; } = new(null, any: false);

    /// <summary><c>*</c>: the resource must exist, in any version.</summary>
    public static IfMatch Any { get; } = new(null, any: true);

    public bool IsAny { get; }

    public bool IsNone => !IsAny && _tags is null;

    /// <summary>The condition of a field value; a value that is not a list of entity tags can never be met.</summary>
    public static IfMatch Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return None;
        if (value.Trim() == "*") return Any;
        return new IfMatch(EntityTag.ParseList(value) ?? [], any: false);
    }

    public bool IsMetBy(string currentTag) => IsNone || IsAny || _tags!.Any(tag => EntityTag.StrongEquals(tag, currentTag));

    /// <summary>Throws <see cref="CommonErrors.PreconditionFailed"/> unless <paramref name="currentTag"/> meets the condition.</summary>
    public void Check(string currentTag, string detail)
    {
        if (!IsMetBy(currentTag)) throw new CodedException(CommonErrors.PreconditionFailed, detail);
    }
}
