using System.Globalization;

namespace Kyc.LoadTests;

public enum LoadMode
{
    /// <summary>Closed model: a fixed number of connections, each sending again as soon as it has an answer.</summary>
    Max,

    /// <summary>Open model: requests start on a fixed schedule, whether or not earlier ones have been answered.</summary>
    Rate,
}

public sealed record LoadOptions(
    Uri Target,
    string Path,
    string Token,
    LoadMode Mode,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Connections,
    double Rate,
    TimeSpan Timeout,
    string? BodyFile,
    string? Label,
    int MaxInFlight)
{
    public Uri Endpoint => new(Target, Path);

    public string Describe() => Mode == LoadMode.Max
        ? string.Create(CultureInfo.InvariantCulture, $"mode max, {Connections} connections, {Endpoint}")
        : string.Create(CultureInfo.InvariantCulture, $"mode rate, {Rate:0.##}/s (pool of {Connections} connections), {Endpoint}");

    public static LoadOptions Parse(ReadOnlySpan<string> args)
    {
        string? target = null, tokenFile = null, body = null, label = null, rate = null, connections = null;
        string mode = "max", duration = "30s", warmup = "5s", timeout = "10s", path = "/v1/onboarding/cases", maxInFlight = "20000";
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--target": target = value; break;
                case "--token-file": tokenFile = value; break;
                case "--mode": mode = value; break;
                case "--duration": duration = value; break;
                case "--warmup": warmup = value; break;
                case "--connections": connections = value; break;
                case "--rate": rate = value; break;
                case "--timeout": timeout = value; break;
                case "--body": body = value; break;
                case "--path": path = value; break;
                case "--label": label = value; break;
                case "--max-in-flight": maxInFlight = value; break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }

        if (target is null || !Uri.TryCreate(target, UriKind.Absolute, out var targetUri) || targetUri.Scheme is not ("http" or "https"))
            throw new ArgumentException("--target must be an absolute http(s) URL");
        var token = (tokenFile is not null ? File.ReadAllText(tokenFile) : Environment.GetEnvironmentVariable("KYC_TOKEN"))?.Trim();
        if (string.IsNullOrEmpty(token)) throw new ArgumentException("give an access token with --token-file FILE (or in env KYC_TOKEN)");

        var loadMode = mode switch
        {
            "max" => LoadMode.Max,
            "rate" => LoadMode.Rate,
            _ => throw new ArgumentException("--mode is max or rate"),
        };
        var requestRate = rate is null ? 0 : double.Parse(rate, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (loadMode == LoadMode.Rate && requestRate <= 0) throw new ArgumentException("--mode rate needs --rate N (requests per second, > 0)");
        var connectionCount = connections is null ? (loadMode == LoadMode.Max ? 32 : 256) : int.Parse(connections, CultureInfo.InvariantCulture);
        if (connectionCount < 1) throw new ArgumentException("--connections must be at least 1");
        var inFlight = int.Parse(maxInFlight, CultureInfo.InvariantCulture);
        if (inFlight < 1) throw new ArgumentException("--max-in-flight must be at least 1");

        var measured = ParseDuration(duration, "--duration");
        if (measured <= TimeSpan.Zero) throw new ArgumentException("--duration must be positive");
        return new LoadOptions(targetUri, path.StartsWith('/') ? path : "/" + path, token, loadMode, measured, ParseDuration(warmup, "--warmup"),
            connectionCount, requestRate, ParseDuration(timeout, "--timeout"), body, label, inFlight);
    }

    /// <summary>"30s", "500ms", "2m", or a plain number of seconds.</summary>
    public static TimeSpan ParseDuration(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            throw new ArgumentException($"{option}: '{text}' is not a duration such as 30s, 500ms or 2m");
        return TimeSpan.FromSeconds(value * scale);
    }
}
