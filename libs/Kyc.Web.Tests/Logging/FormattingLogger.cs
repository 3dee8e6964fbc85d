using System.Text.Json;
using Kyc.Web.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kyc.Web.Tests.Logging;

/// <summary>A logger that runs entries through <see cref="KycJsonConsoleFormatter"/> into memory, as the console logger would.</summary>
public sealed class FormattingLogger(KycJsonConsoleFormatter formatter, string category, IExternalScopeProvider? scopes = null) : ILogger
{
    private readonly StringWriter _output = new();

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public IReadOnlyList<JsonElement> Lines =>
        [.. Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => scopes?.Push(state);

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter1)
    {
        var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter1);
        lock (_output) formatter.Write(in entry, scopes, _output);
    }
}
