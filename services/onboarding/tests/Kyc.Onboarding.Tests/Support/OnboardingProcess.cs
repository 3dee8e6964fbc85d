using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Kyc.Testing;

namespace Kyc.Onboarding.Tests.Support;

/// <summary>
/// The onboarding API host as a real process (<c>dotnet Kyc.Onboarding.Api.dll</c>, as <c>./dev run</c> starts it) on a
/// port of its own, with its own two region databases; everything it writes to stdout and stderr is kept.
/// </summary>
public sealed class OnboardingProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout;
    private readonly ConcurrentQueue<string> _stderr;

    private OnboardingProcess(Process process, ConcurrentQueue<string> stdout, ConcurrentQueue<string> stderr)
    {
        _process = process;
        _stdout = stdout;
        _stderr = stderr;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<string> Stdout => [.. _stdout];

    public IReadOnlyList<string> Stderr => [.. _stderr];

    public static async Task<OnboardingProcess> StartAsync(OnboardingDatabase eu, OnboardingDatabase us, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Kyc.Onboarding.Api.dll"));
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            // The stack's OpenID Connect stand-in serves plain HTTP, which only Development accepts (docs/security.md).
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            // As in production: the owner (the stack's kyc role) migrates and grants, the service runs as its runtime role.
            ["Onboarding__Regions__eu__MigrationsConnectionString"] = eu.ConnectionString,
            ["Onboarding__Regions__us__MigrationsConnectionString"] = us.ConnectionString,
            ["Onboarding__Regions__eu__ConnectionString"] = StackSettings.PostgresConnectionAs(OnboardingApiFactory.RuntimeRole, eu.Name),
            ["Onboarding__Regions__us__ConnectionString"] = StackSettings.PostgresConnectionAs(OnboardingApiFactory.RuntimeRole, us.Name),
            ["Onboarding__ResidencyFile"] = Repo.ResidencyFile,
            ["Onboarding__MigrationsDirectory"] = Repo.MigrationsDirectory,
            ["Auth__Authority"] = StackSettings.OidcIssuer,
            ["Auth__Audience"] = StackSettings.OidcAudience,
            ["Auth__RequireHttpsMetadata"] = "false",
        };
        foreach (var (key, value) in settings) environment[key] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var stdout = new ConcurrentQueue<string>();
        var stderr = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) stdout.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new OnboardingProcess(process, stdout, stderr);
        try
        {
            service.BaseAddress = await Eventually.GetAsync(() => Task.FromResult(service.ListeningAddress()), a => a is not null, "the listening address", StartTimeout)
                ?? throw new InvalidOperationException("no listening address");
            using var http = new HttpClient { BaseAddress = service.BaseAddress };
            await Eventually.TrueAsync(async () =>
            {
                using var ready = await http.GetAsync("/health/ready");
                return ready.IsSuccessStatusCode;
            }, StartTimeout, "the onboarding process is ready");
            return service;
        }
        catch (Exception e)
        {
            await service.DisposeAsync();
            throw new InvalidOperationException($"the onboarding process did not start:\n{string.Join('\n', stdout.Concat(stderr).TakeLast(40))}", e);
        }
    }

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Kestrel's own start-up line: <c>Now listening on: http://127.0.0.1:port</c> (port 0 was asked for).</summary>
    private Uri? ListeningAddress()
    {
        if (_process.HasExited) throw new InvalidOperationException($"the onboarding process exited with {_process.ExitCode}");
        foreach (var line in _stdout)
        {
            if (!line.Contains("ListeningOnAddress", StringComparison.Ordinal)) continue;
            using var json = JsonDocument.Parse(line);
            return new Uri(json.RootElement.GetProperty("address").GetString()!);
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
