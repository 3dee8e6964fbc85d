using Kyc.Messaging.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kyc.Messaging.Native;

/// <summary>Says at start-up which librdkafka the process loaded (its version is also the gauge <c>kyc.messaging.librdkafka.info</c>).</summary>
internal sealed class LibrdkafkaStartupLog(ILogger<LibrdkafkaStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var loaded = Librdkafka.Load();
        MessagingLog.LibrdkafkaLoaded(logger, loaded.VersionText, loaded.Path, Librdkafka.BuiltFor.ToString());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
