using System.Runtime.InteropServices;
using System.Xml.Linq;
using Kyc.Messaging.Native;
using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Xunit;

namespace Kyc.Messaging.Tests.Native;

public sealed class LibrdkafkaTests
{
    [Fact]
    public void The_bundled_librdkafka_is_loaded_whatever_other_librdkafka_the_machine_has()
    {
        var loaded = Librdkafka.Load();

        Assert.Equal(Librdkafka.BuiltFor, loaded.Version);
        Assert.Equal(Librdkafka.BuiltFor.ToString(), Confluent.Kafka.Library.VersionString);
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64)
            Assert.EndsWith(Path.Combine("runtimes", "linux-x64", "native", "centos8-librdkafka.so"), loaded.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void The_version_the_code_is_built_for_is_the_librdkafka_redist_the_build_references()
    {
        var props = XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props"));
        var redist = props.Descendants("PackageVersion").Single(p => (string?)p.Attribute("Include") == "librdkafka.redist");

        Assert.Equal(Librdkafka.BuiltFor, Version.Parse((string)redist.Attribute("Version")!));
    }

    [Theory]
    [InlineData(0x020002ff, "2.0.2")]
    [InlineData(0x020f01ff, "2.15.1")]
    public void A_librdkafka_older_than_the_build_refuses_to_start(int raw, string version)
    {
        Assert.Equal(Version.Parse(version), Librdkafka.Decode(raw));
        var error = Assert.Throws<InvalidOperationException>(() => Librdkafka.EnsureSupported(Librdkafka.Decode(raw)));
        Assert.Contains($"librdkafka {version} was loaded", error.Message, StringComparison.Ordinal);
        Assert.Contains("refusing to start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loaded_version_is_a_gauge_of_the_messaging_meter()
    {
        using var recorder = new MetricsRecorder();
        using var metrics = new Kyc.Messaging.Diagnostics.KafkaMessagingMetrics();

        recorder.Observe();

        Assert.Equal(1, recorder.Last("kyc.messaging.librdkafka.info", ("version", Librdkafka.BuiltFor.ToString())));
    }
}
