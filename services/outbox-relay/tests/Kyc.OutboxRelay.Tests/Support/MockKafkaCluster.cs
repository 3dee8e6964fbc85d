using System.Runtime.InteropServices;
using System.Text;

namespace Kyc.OutboxRelay.Tests.Support;

/// <summary>
/// A Kafka mock cluster of its own (librdkafka's mock API through P/Invoke, from Debian's librdkafka1), so a test can take
/// its broker down and bring it back: <c>rd_kafka_mock_broker_set_down</c> closes the broker's connections and refuses
/// new ones, which a TCP proxy in front of the shared mock cannot do (clients follow the metadata to the broker's own port).
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const string Library = "librdkafka.so.1";
    private const int ProducerType = 0;

    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private bool _disposed;

    public MockKafkaCluster(int brokers = 1)
    {
        var error = new byte[512];
        var conf = rd_kafka_conf_new();
        Set(conf, "log_level", "3");
        _handle = rd_kafka_new(ProducerType, conf, error, (nuint)error.Length);
        if (_handle == IntPtr.Zero) throw new InvalidOperationException($"rd_kafka_new failed: {Text(error)}");
        _cluster = rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(_handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }
        Bootstrap = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(_cluster))!;
    }

    /// <summary>The brokers' addresses (<c>127.0.0.1:port</c>, random ports).</summary>
    public string Bootstrap { get; }

    /// <summary>Closes the broker's connections and refuses new ones until <see cref="SetUp"/>.</summary>
    public void SetDown(int brokerId = 1) => Check(rd_kafka_mock_broker_set_down(_cluster, brokerId), "set_down");

    public void SetUp(int brokerId = 1) => Check(rd_kafka_mock_broker_set_up(_cluster, brokerId), "set_up");

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        rd_kafka_mock_cluster_destroy(_cluster);
        rd_kafka_destroy(_handle);
    }

    private static void Set(IntPtr conf, string name, string value)
    {
        var error = new byte[512];
        if (rd_kafka_conf_set(conf, Utf8(name), Utf8(value), error, (nuint)error.Length) != 0)
            throw new InvalidOperationException($"rd_kafka_conf_set {name}: {Text(error)}");
    }

    private static void Check(int error, string what)
    {
        if (error != 0) throw new InvalidOperationException($"rd_kafka_mock_broker_{what} returned error {error}");
    }

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value + "\0");

    private static string Text(byte[] buffer) => Encoding.UTF8.GetString(buffer, 0, Math.Max(0, Array.IndexOf(buffer, (byte)0)));

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_conf_new();

    [DllImport(Library)]
    private static extern int rd_kafka_conf_set(IntPtr conf, byte[] name, byte[] value, byte[] errstr, nuint errstrSize);

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, nuint errstrSize);

    [DllImport(Library)]
    private static extern void rd_kafka_destroy(IntPtr handle);

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_mock_cluster_new(IntPtr handle, int brokers);

    [DllImport(Library)]
    private static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [DllImport(Library)]
    private static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [DllImport(Library)]
    private static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);
}
