namespace Kyc.Web.Auth;

/// <summary>JWT bearer settings, from the <c>Auth</c> configuration section.</summary>
public sealed class KycAuthOptions
{
    public const string DefaultAudience = "kyc-api";

    /// <summary>Whether the service authenticates requests at all (a worker with only health and metrics does not).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>Auth:Authority</c>: the OpenID Connect issuer URL; discovery and keys are fetched from it.</summary>
    public string? Authority { get; set; }

    /// <summary><c>Auth:Issuer</c>: the expected <c>iss</c> when it differs from the authority (internal vs public URL).</summary>
    public string? Issuer { get; set; }

    /// <summary><c>Auth:Audience</c>.</summary>
    public string Audience { get; set; } = DefaultAudience;

    /// <summary><c>Auth:RequireHttpsMetadata</c>: false (and an http:// authority) only in Development; refused elsewhere.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary><c>Auth:ClockSkewSeconds</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
