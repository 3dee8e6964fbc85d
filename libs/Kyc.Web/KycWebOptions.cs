using Kyc.Web.Auth;
using Kyc.Web.Logging;
using Kyc.Web.Telemetry;

namespace Kyc.Web;

/// <summary>Everything <c>AddKycWebDefaults</c> sets up, read from configuration and adjustable in code.</summary>
public sealed class KycWebOptions
{
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;
    public const int DefaultMaxConcurrentRequests = 128;

    public KycWebOptions(string serviceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ServiceName = serviceName;
    }

    /// <summary>The <c>service.name</c> of traces.</summary>
    public string ServiceName { get; }

    /// <summary><c>Web:MaxRequestBodyBytes</c>; an endpoint's own request size limit metadata wins.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary><c>Web:MaxConcurrentRequests</c>: requests worked on at once before more are refused with 503; 0 for no bound.</summary>
    public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;

    public KycAuthOptions Auth { get; } = new();

    /// <summary><c>Logging:Pii:Properties</c> and <c>Logging:Pii:TrustedCategories</c> add to the defaults.</summary>
    public PiiMaskingOptions Pii { get; } = new();

    public KycTelemetryOptions Telemetry { get; } = new();
}
