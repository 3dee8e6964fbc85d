using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Kyc.Messaging.Native;

namespace Kyc.LocalKafka;

/// <summary>
/// <c>Kyc.LocalKafka --port &lt;port&gt; --topics &lt;config/kafka-topics.tsv&gt;</c>: runs until SIGTERM or SIGINT and prints one
/// "ready" line once a client got the cluster's metadata through the fixed port.
/// </summary>
internal static class LocalKafkaHost
{
    public static async Task<int> Main(string[] args)
    {
        var started = Stopwatch.StartNew();
        var port = int.Parse(Argument(args, "--port") ?? throw new ArgumentException("--port is required"), CultureInfo.InvariantCulture);
        var topics = Argument(args, "--topics") is { } manifest ? TopicSpec.ReadManifest(manifest) : [];

        var library = Librdkafka.Load();
        await using var cluster = LocalKafkaCluster.Start(port, topics);

        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.Bootstrap }).Build())
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            var advertised = metadata.Brokers.Single();
            if (advertised.Port != cluster.Port)
                throw new InvalidOperationException($"the broker advertises {advertised.Host}:{advertised.Port}, not the fixed port {cluster.Port}");
        }
        Console.WriteLine(
            $"ready on {cluster.Bootstrap} (librdkafka {library.VersionText} mock broker {cluster.BrokerAddress}, {topics.Count} topic(s) created) in {started.ElapsedMilliseconds} ms");

        var stop = new TaskCompletionSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(); });
        await stop.Task;
        Console.WriteLine("stopping");
        return 0;
    }

    private static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
