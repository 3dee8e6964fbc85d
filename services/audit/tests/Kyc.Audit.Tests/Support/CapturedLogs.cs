using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kyc.Audit.Tests.Support;

public sealed record CapturedEntry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

/// <summary>Every log entry of the app under test, for tests that check what was logged.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedEntry> _entries = new();

    public IReadOnlyList<CapturedEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<CapturedEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedEntry(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
