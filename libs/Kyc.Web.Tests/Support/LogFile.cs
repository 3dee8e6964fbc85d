using System.Text.Json;

namespace Kyc.Web.Tests.Support;

/// <summary>
/// A file sink added through configuration (<c>Serilog:WriteTo</c>), as an operator would add one: the app's log lines
/// as compact JSON (CLEF), read back for assertions. Sinks from configuration sit behind the masking like stdout does.
/// </summary>
public sealed class LogFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"kyc-web-tests-{Guid.NewGuid():N}.log");

    public IReadOnlyDictionary<string, string?> Settings(string minimumLevel = "Information") => new Dictionary<string, string?>
    {
        ["Serilog:MinimumLevel:Default"] = minimumLevel,
        ["Serilog:WriteTo:0:Name"] = "File",
        ["Serilog:WriteTo:0:Args:path"] = Path,
        ["Serilog:WriteTo:0:Args:formatter"] = "Serilog.Formatting.Compact.RenderedCompactJsonFormatter, Serilog.Formatting.Compact",
    };

    public string Text()
    {
        if (!File.Exists(Path)) return "";
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public IReadOnlyList<JsonElement> Lines() =>
        [.. Text().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    /// <summary>The lines whose <c>SourceContext</c> is <paramref name="category"/>.</summary>
    public IReadOnlyList<JsonElement> Lines(string category) =>
        [.. Lines().Where(l => l.TryGetProperty("SourceContext", out var c) && c.GetString() == category)];

    public void Dispose() => File.Delete(Path);
}
