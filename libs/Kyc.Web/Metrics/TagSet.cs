namespace Kyc.Web.Metrics;

/// <summary>
/// The tags of one measurement, sorted by key, as a dictionary key. Lookups wrap a per-thread scratch array so a
/// measurement on an existing series allocates nothing; a new series stores its own copy.
/// </summary>
internal readonly struct TagSet : IEquatable<TagSet>
{
    [ThreadStatic] private static KeyValuePair<string, object?>[]? t_scratch;

    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly int _count;
    private readonly int _hash;

    private TagSet(KeyValuePair<string, object?>[] tags, int count, int hash)
    {
        _tags = tags;
        _count = count;
        _hash = hash;
    }

    public ReadOnlySpan<KeyValuePair<string, object?>> Tags => _tags.AsSpan(0, _count);

    public static TagSet Of(params KeyValuePair<string, object?>[] tags) => Lookup(tags).Copy();

    /// <summary>A key over the per-thread scratch array: valid until the next call on this thread.</summary>
    public static TagSet Lookup(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var scratch = t_scratch;
        if (scratch is null || scratch.Length < tags.Length) t_scratch = scratch = new KeyValuePair<string, object?>[Math.Max(8, tags.Length)];
        tags.CopyTo(scratch);
        for (var i = 1; i < tags.Length; i++)
        {
            var current = scratch[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(scratch[j].Key, current.Key) > 0)
            {
                scratch[j + 1] = scratch[j];
                j--;
            }
            scratch[j + 1] = current;
        }
        var hash = new HashCode();
        for (var i = 0; i < tags.Length; i++)
        {
            hash.Add(scratch[i].Key, StringComparer.Ordinal);
            hash.Add(scratch[i].Value);
        }
        return new TagSet(scratch, tags.Length, hash.ToHashCode());
    }

    public TagSet Copy() => new(Tags.ToArray(), _count, _hash);

    public bool Equals(TagSet other)
    {
        if (_hash != other._hash || _count != other._count) return false;
        for (var i = 0; i < _count; i++)
        {
            if (!string.Equals(_tags[i].Key, other._tags[i].Key, StringComparison.Ordinal) || !Equals(_tags[i].Value, other._tags[i].Value))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is TagSet other && Equals(other);

    public override int GetHashCode() => _hash;
}
