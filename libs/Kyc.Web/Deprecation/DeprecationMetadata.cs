using System.Globalization;

namespace Kyc.Web.Deprecation;

/// <summary>Endpoint metadata with the ready-made header values of a deprecated endpoint.</summary>
public sealed class DeprecationMetadata
{
    public DeprecationMetadata(DateTimeOffset deprecatedAt, DateTimeOffset sunset, string? link)
    {
        DeprecatedAt = deprecatedAt;
        Sunset = sunset;
        Link = link;
        DeprecationHeader = "@" + deprecatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        SunsetHeader = sunset.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
        LinkHeader = link is null ? null : $"<{link}>; rel=\"deprecation\"; type=\"text/html\"";
    }

    public DateTimeOffset DeprecatedAt { get; }

    public DateTimeOffset Sunset { get; }

    public string? Link { get; }

    /// <summary>RFC 9745: a structured-field date, <c>@&lt;unix seconds&gt;</c>.</summary>
    public string DeprecationHeader { get; }

    /// <summary>RFC 8594: an HTTP-date.</summary>
    public string SunsetHeader { get; }

    public string? LinkHeader { get; }
}
