namespace Kyc.Testing;

/// <summary>Names no other test (or test run sharing the same servers) uses: Kafka topics, group ids, databases.</summary>
public static class UniqueNames
{
    public static string Topic(string purpose) => $"test.{Slug(purpose)}.{Suffix()}";

    public static string GroupId(string purpose) => $"test-{Slug(purpose)}-{Suffix()}";

    public static string Database(string purpose) => $"t_{Slug(purpose).Replace('-', '_')}_{Suffix()}";

    private static string Suffix() => Guid.NewGuid().ToString("N")[..12];

    private static string Slug(string purpose)
    {
        var chars = purpose.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = new string(chars).Trim('-');
        return slug.Length > 30 ? slug[..30] : slug;
    }
}
