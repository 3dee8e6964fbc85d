using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using static Kyc.LocalKafka.MockClusterNative;

namespace Kyc.LocalKafka;

/// <summary>
/// One broker of librdkafka's mock cluster (from the bundled librdkafka, in this process) reachable on a fixed port:
/// a <see cref="TcpForwarder"/> on that port and the broker advertising it (<c>rd_kafka_mock_broker_set_host_port</c>).
/// Topics are created up front with their partition counts; others are auto-created (4 partitions) on first use. Disposing
/// it ends the cluster: a new one on the same port is a new, empty cluster, as a replaced broker is.
/// </summary>
public sealed class LocalKafkaCluster : IAsyncDisposable
{
    private const int BrokerId = 1;

    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private readonly TcpForwarder _forwarder;
    private int _disposed;

    private LocalKafkaCluster(IntPtr handle, IntPtr cluster, TcpForwarder forwarder, string host, string brokerAddress)
    {
        _handle = handle;
        _cluster = cluster;
        _forwarder = forwarder;
        Bootstrap = $"{host}:{forwarder.Port.ToString(CultureInfo.InvariantCulture)}";
        BrokerAddress = brokerAddress;
    }

    /// <summary>Where clients connect: <c>127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Bootstrap { get; }

    public int Port => _forwarder.Port;

    /// <summary>The mock broker's own (random) address behind the forwarder.</summary>
    public string BrokerAddress { get; }

    /// <summary>Starts a cluster on 127.0.0.1:<paramref name="port"/> (0: any free port) with <paramref name="topics"/> created.</summary>
    public static LocalKafkaCluster Start(int port, IEnumerable<TopicSpec>? topics = null)
    {
        const string host = "127.0.0.1";
        EnsureBound();
        var error = new byte[512];
        var conf = rd_kafka_conf_new();
        Set(conf, "log_level", "3");
        var handle = rd_kafka_new(ProducerType, conf, error, (nuint)error.Length);
        if (handle == IntPtr.Zero) throw new InvalidOperationException($"rd_kafka_new failed: {Text(error)}");
        var cluster = rd_kafka_mock_cluster_new(handle, 1);
        if (cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }
        var brokerAddress = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster))!;
        TcpForwarder forwarder;
        try
        {
            forwarder = new TcpForwarder(new IPEndPoint(IPAddress.Loopback, port), ParseEndPoint(brokerAddress));
        }
        catch
        {
            rd_kafka_mock_cluster_destroy(cluster);
            rd_kafka_destroy(handle);
            throw;
        }
        rd_kafka_mock_broker_set_host_port(cluster, BrokerId, Utf8(host), forwarder.Port);
        var local = new LocalKafkaCluster(handle, cluster, forwarder, host, brokerAddress);
        foreach (var topic in topics ?? []) local.CreateTopic(topic);
        return local;
    }

    public void CreateTopic(TopicSpec topic)
    {
        var error = rd_kafka_mock_topic_create(_cluster, Utf8(topic.Name), topic.Partitions, 1);
        if (error != 0) throw new InvalidOperationException($"creating topic {topic.Name}: {ErrorText(error)}");
    }

    /// <summary>The broker closes its connections and refuses new ones until <see cref="SetUp"/> (the process stays).</summary>
    public void SetDown() => Check(rd_kafka_mock_broker_set_down(_cluster, BrokerId), "set_down");

    public void SetUp() => Check(rd_kafka_mock_broker_set_up(_cluster, BrokerId), "set_up");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _forwarder.DisposeAsync();
        rd_kafka_mock_cluster_destroy(_cluster);
        rd_kafka_destroy(_handle);
    }

    private static IPEndPoint ParseEndPoint(string bootstraps)
    {
        var first = bootstraps.Split(',')[0];
        var colon = first.LastIndexOf(':');
        var address = first[..colon] is "localhost" ? IPAddress.Loopback : IPAddress.Parse(first[..colon]);
        return new IPEndPoint(address, int.Parse(first[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    private static void Set(IntPtr conf, string name, string value)
    {
        var error = new byte[512];
        if (rd_kafka_conf_set(conf, Utf8(name), Utf8(value), error, (nuint)error.Length) != 0)
            throw new InvalidOperationException($"rd_kafka_conf_set {name}: {Text(error)}");
    }

    private static void Check(int error, string what)
    {
        if (error != 0) throw new InvalidOperationException($"rd_kafka_mock_broker_{what}: {ErrorText(error)}");
    }

    private static string ErrorText(int error) => Marshal.PtrToStringUTF8(rd_kafka_err2str(error)) ?? $"error {error}";

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value + "\0");

    private static string Text(byte[] buffer) => Encoding.UTF8.GetString(buffer, 0, Math.Max(0, Array.IndexOf(buffer, (byte)0)));
}
