namespace Kyc.Web.Logging;

/// <summary>Endpoint metadata: log this endpoint's requests at debug level (probes and scrapes).</summary>
public sealed class QuietRequestLogging
{
    public static readonly QuietRequestLogging Instance = new();

    private QuietRequestLogging() { }
}
