using Serilog.Core;
using Serilog.Events;

namespace Kyc.Web.Logging;

/// <summary>The one way to the platform's sinks: every event reaches them only after <see cref="PiiMasker"/>.</summary>
public sealed class PiiMaskingSink(ILogEventSink sinks, PiiMasker masker) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent) => sinks.Emit(masker.Apply(logEvent));

    public void Dispose() => (sinks as IDisposable)?.Dispose();
}
