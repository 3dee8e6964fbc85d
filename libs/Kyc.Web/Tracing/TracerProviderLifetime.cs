using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Kyc.Web.Tracing;

/// <summary>Creates the tracer provider at start-up and flushes and shuts it down when the host stops.</summary>
internal sealed class TracerProviderLifetime(TracerProvider provider) : IHostedService
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        provider.ForceFlush((int)FlushTimeout.TotalMilliseconds);
        provider.Dispose();
        return Task.CompletedTask;
    }
}
