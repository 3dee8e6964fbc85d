using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Kyc.Messaging.Native;

/// <summary>
/// The one place that decides which librdkafka the process uses: the build that the <c>librdkafka.redist</c> package
/// bundles for this platform, never another <c>librdkafka.so</c> found on the machine. On linux-x64 that is
/// <c>runtimes/linux-x64/native/centos8-librdkafka.so</c>: the package's default <c>librdkafka.so</c> needs
/// <c>libsasl2.so.3</c>, which Debian 12 and Ubuntu lack, and Confluent.Kafka would then silently bind whatever other
/// <c>librdkafka.so</c> the system has (Debian's 2.0.2: EntryPointNotFound later). Confluent's own
/// <c>Library.Load(path)</c> looks for <c>libdl</c>, absent on Debian 12, so a <see cref="NativeLibrary"/> import resolver
/// hands Confluent.Kafka (and the mock-cluster host) the bundled file instead. A version older than
/// <see cref="BuiltFor"/> refuses to start.
/// </summary>
public static class Librdkafka
{
    /// <summary>The librdkafka.redist version the platform is built and tested with (Directory.Packages.props; a test keeps them equal).</summary>
    public static readonly Version BuiltFor = new(2, 16, 0);

    private static readonly Lock Gate = new();
    private static LoadedLibrdkafka? _loaded;
    private static IntPtr _handle;

    /// <summary>
    /// Loads librdkafka once per process (later calls return the same answer) and checks its version;
    /// <see cref="InvalidOperationException"/> when the bundled file is missing or the version is older than <see cref="BuiltFor"/>.
    /// </summary>
    public static LoadedLibrdkafka Load()
    {
        lock (Gate)
        {
            if (_loaded is not null) return _loaded;
            var path = BundledPath();
            if (path is not null)
            {
                _handle = NativeLibrary.Load(path);
                NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, Resolve);
            }
            var version = Decode(Library.Version);
            EnsureSupported(version);
            _loaded = new LoadedLibrdkafka(version, Library.VersionString, path ?? "(Confluent.Kafka's default search)");
            return _loaded;
        }
    }

    /// <summary>
    /// Makes <c>[DllImport("librdkafka")]</c> declarations of <paramref name="assembly"/> (e.g. the mock-cluster host's
    /// P/Invoke of <c>rd_kafka_mock_*</c>) bind the same library Confluent.Kafka uses.
    /// </summary>
    public static void ResolveImportsOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Load();
        if (_handle != IntPtr.Zero) NativeLibrary.SetDllImportResolver(assembly, Resolve);
    }

    /// <summary>Throws when <paramref name="version"/> is older than <see cref="BuiltFor"/>.</summary>
    public static void EnsureSupported(Version version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version < BuiltFor)
            throw new InvalidOperationException(
                $"librdkafka {version} was loaded, but this build needs {BuiltFor} or newer (librdkafka.redist): refusing to start.");
    }

    /// <summary><c>rd_kafka_version()</c> is <c>0xMMmmrrpp</c> (major, minor, revision, pre-release).</summary>
    public static Version Decode(int hex) => new((hex >> 24) & 0xff, (hex >> 16) & 0xff, (hex >> 8) & 0xff);

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName.StartsWith("librdkafka", StringComparison.Ordinal) || libraryName.StartsWith("centos8-librdkafka", StringComparison.Ordinal)
            ? _handle
            : IntPtr.Zero;

    /// <summary>
    /// The bundled library for this platform, or null where Confluent.Kafka's own choice is right (Windows, macOS,
    /// Alpine). Looked up where a build (<c>runtimes/&lt;rid&gt;/native/</c>) or a RID-specific publish (next to the
    /// assemblies) puts it.
    /// </summary>
    private static string? BundledPath()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var (rid, file) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => ("linux-x64", "centos8-librdkafka.so"),
            Architecture.Arm64 => ("linux-arm64", "librdkafka.so"),
            _ => (null, null),
        };
        if (rid is null || file is null || File.Exists("/etc/alpine-release")) return null;
        string[] directories = [AppContext.BaseDirectory, Path.GetDirectoryName(typeof(Library).Assembly.Location) ?? AppContext.BaseDirectory];
        var candidates = directories.Distinct()
            .SelectMany(d => new[] { Path.Combine(d, "runtimes", rid, "native", file), Path.Combine(d, file) })
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"librdkafka.redist's {file} is not deployed with the application (looked in {string.Join(", ", candidates)}): refusing to start.");
    }
}

/// <summary>What <see cref="Librdkafka.Load"/> loaded: its version (<c>2.16.0</c>), librdkafka's own version text and the file.</summary>
public sealed record LoadedLibrdkafka(Version Version, string VersionText, string Path);
