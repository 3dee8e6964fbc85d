using Microsoft.Extensions.Logging.Console;

namespace Kyc.Web.Logging;

public sealed class KycJsonConsoleFormatterOptions : ConsoleFormatterOptions
{
    public PiiMaskingOptions Pii { get; } = new();
}
