using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Kyc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.EndToEnd.Tests;

/// <summary>
/// <c>./dev run</c> and <c>./dev stop</c> themselves, on a platform of their own (own state directory and ports, the audit
/// service only, the build the test command has just made): a service killed with SIGKILL is restarted and said loudly,
/// and a stop leaves no process of that platform behind.
/// </summary>
public sealed class LocalPlatformTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("kyc-devrun-").FullName;
    private readonly StringBuilder _log = new();
    private static readonly int[] PortOffsets = [10, 32, 33, 79, 80, 90, 92, 100, 101, 102];
    private int _portBase;
    private bool _stopped;

    [Fact]
    public async Task A_killed_service_is_restarted_and_a_stop_leaves_no_process_of_the_platform_behind()
    {
        _portBase = FreePortBase();
        using var run = Start(Dev("run", _portBase));
        await UntilLoggedAsync("OnboardingKyc is running", TimeSpan.FromSeconds(180));

        var pidFile = Path.Combine(_stateDir, "pids", "svc-audit.pid");
        var first = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        Process.GetProcessById(first).Kill();
        await UntilLoggedAsync($"service audit (pid {first}) DIED", TimeSpan.FromSeconds(30));
        await UntilLoggedAsync("service audit restarted", TimeSpan.FromSeconds(90));
        var second = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(first, second);
        Assert.True(IsAlive(second), "the restarted audit service runs");
        Assert.NotEmpty(ProcessesOfThisPlatform());

        using var stop = Start(Dev("stop", _portBase));
        await stop.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _stopped = true;

        Assert.Equal(0, stop.ExitCode);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while ((ProcessesOfThisPlatform().Count > 0 || PlatformPorts().Any(Listening)) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Empty(ProcessesOfThisPlatform().Select(pid => $"{pid}: {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ')}"));
        Assert.DoesNotContain(PlatformPorts(), Listening);
    }

    private ProcessStartInfo Dev(string command, int portBase)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "dev"), command])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test command's own stack settings must not leak into this platform.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("KYC_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        start.Environment["KYC_STACK_DIR"] = _stateDir;
        start.Environment["KYC_PORT_BASE"] = portBase.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["KYC_SERVICES"] = "audit";
        start.Environment["KYC_SKIP_BUILD"] = "1";
        start.Environment["KYC_PG_FAST"] = "1";
        return start;
    }

    private Process Start(ProcessStartInfo start)
    {
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        output.WriteLine(line);
    }

    private Task UntilLoggedAsync(string text, TimeSpan timeout) =>
        Eventually.TrueAsync(() => { lock (_log) return _log.ToString().Contains(text, StringComparison.Ordinal); }, timeout, $"./dev says '{text}'");

    private IEnumerable<int> PlatformPorts() => PortOffsets.Select(offset => _portBase + offset);

    /// <summary>
    /// Processes carrying the platform's state directory in their environment or command line (Redis and nginx rewrite
    /// both for their process titles: for them the ports tell).
    /// </summary>
    private List<int> ProcessesOfThisPlatform()
    {
        var marker = Encoding.UTF8.GetBytes($"KYC_STACK_DIR={_stateDir}\0");
        var path = Encoding.UTF8.GetBytes(_stateDir);
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var ours = File.ReadAllBytes(Path.Combine(dir, "environ")).AsSpan().IndexOf(marker) >= 0 ||
                    File.ReadAllBytes(Path.Combine(dir, "cmdline")).AsSpan().IndexOf(path) >= 0;
                if (ours && IsAlive(pid)) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Running, not a zombie waiting to be reaped.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException) { return false; }
    }

    /// <summary>A base below the test stack's whose ports (base+10 ... base+110) nobody listens on.</summary>
    private static int FreePortBase()
    {
        foreach (var candidate in new[] { 11400, 12400, 13400, 14400, 16400 })
        {
            if (PortOffsets.All(offset => !Listening(candidate + offset))) return candidate;
        }
        throw new InvalidOperationException("no free port range for a platform of the test's own");
    }

    private static bool Listening(int port)
    {
        using var client = new TcpClient();
        try { client.Connect("127.0.0.1", port); return true; }
        catch (SocketException) { return false; }
    }

    public void Dispose()
    {
        if (!_stopped && _portBase != 0)
        {
            using var stop = Process.Start(Dev("stop", _portBase));
            stop?.WaitForExit(TimeSpan.FromSeconds(60));
        }
        foreach (var pid in ProcessesOfThisPlatform())
        {
            try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
        try { Directory.Delete(_stateDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
