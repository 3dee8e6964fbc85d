using System.Runtime.InteropServices;

namespace Kyc.LocalKafka;

/// <summary>
/// librdkafka's mock-cluster API (<c>rdkafka_mock.h</c>, experimental, not covered by its ABI promises: pinned to the
/// librdkafka.redist version of the build), bound to the library Kyc.Messaging loads.
/// </summary>
internal static class MockClusterNative
{
    public const int ProducerType = 0;
    private const string Library = "librdkafka";

    static MockClusterNative() => Kyc.Messaging.Native.Librdkafka.ResolveImportsOf(typeof(MockClusterNative).Assembly);

    /// <summary>Runs the static constructor (the resolver must be in place before the first call).</summary>
    public static void EnsureBound() { }

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_conf_new();

    [DllImport(Library)]
    public static extern int rd_kafka_conf_set(IntPtr conf, byte[] name, byte[] value, byte[] errstr, nuint errstrSize);

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, nuint errstrSize);

    [DllImport(Library)]
    public static extern void rd_kafka_destroy(IntPtr handle);

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_mock_cluster_new(IntPtr handle, int brokers);

    [DllImport(Library)]
    public static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [DllImport(Library)]
    public static extern int rd_kafka_mock_topic_create(IntPtr cluster, byte[] topic, int partitions, int replicationFactor);

    [DllImport(Library)]
    public static extern void rd_kafka_mock_broker_set_host_port(IntPtr cluster, int brokerId, byte[] host, int port);

    [DllImport(Library)]
    public static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [DllImport(Library)]
    public static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_err2str(int error);
}
