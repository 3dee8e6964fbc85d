using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Kyc.Web.Logging;

/// <summary>
/// One JSON object per line: <c>timestamp</c>, <c>level</c>, <c>category</c>, <c>message</c>, <c>trace_id</c>,
/// <c>span_id</c>, the scopes' properties (<c>request_id</c>, ...), the entry's own properties, <c>event_id</c>,
/// <c>exception</c>. Personal data is masked first (<see cref="PiiMasker"/>). A property named like a fixed field
/// is written with a leading underscore.
/// </summary>
public sealed class KycJsonConsoleFormatter : ConsoleFormatter, IDisposable
{
    public const string FormatterName = "kyc-json";
    private const string OriginalFormat = "{OriginalFormat}";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly HashSet<string> FixedFields = new(StringComparer.Ordinal)
    {
        "timestamp", "level", "category", "message", "trace_id", "span_id", "event_id", "event_name", "exception",
    };

    // The framework's own request scope: its RequestId is the connection's, and RequestPath may carry identifiers.
    private static readonly HashSet<string> IgnoredScopeKeys = new(StringComparer.Ordinal)
    {
        OriginalFormat, "RequestId", "RequestPath", "ConnectionId", "TraceId", "SpanId", "ParentId",
    };

    [ThreadStatic] private static Buffers? t_buffers;

    private readonly TimeProvider _time;
    private readonly IDisposable? _reload;
    private PiiMasker _masker;

    public KycJsonConsoleFormatter(IOptionsMonitor<KycJsonConsoleFormatterOptions> options) : base(FormatterName)
    {
        _time = TimeProvider.System;
        _masker = new PiiMasker(options.CurrentValue.Pii);
        _reload = options.OnChange(o => _masker = new PiiMasker(o.Pii));
    }

    public KycJsonConsoleFormatter(PiiMasker masker, TimeProvider time) : base(FormatterName)
    {
        _masker = masker;
        _time = time;
    }

    public void Dispose() => _reload?.Dispose();

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var masker = _masker;
        var buffers = t_buffers is { InUse: false } cached ? cached : t_buffers = new Buffers();
        buffers.Begin(masker, !masker.IsTrustedCategory(logEntry.Category));
        try
        {
            var json = buffers.Json;
            json.WriteStartObject();
            json.WriteString("timestamp", _time.GetUtcNow().UtcDateTime);
            json.WriteString("level", LevelName(logEntry.LogLevel));
            json.WriteString("category", logEntry.Category);
            json.WriteString("message", Message(logEntry, buffers));
            if (Activity.Current is { } activity)
            {
                json.WriteString("trace_id", activity.TraceId.ToHexString());
                json.WriteString("span_id", activity.SpanId.ToHexString());
            }
            scopeProvider?.ForEachScope(static (scope, b) => WriteScope(scope, b), buffers);
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key != OriginalFormat) WriteProperty(buffers, key, value);
                }
            }
            if (logEntry.EventId.Id != 0) json.WriteNumber("event_id", logEntry.EventId.Id);
            if (logEntry.EventId.Name is { } eventName) json.WriteString("event_name", eventName);
            if (logEntry.Exception is { } exception) json.WriteString("exception", PiiMasker.MaskText(exception.ToString()));
            json.WriteEndObject();
            json.Flush();

            textWriter.Write(Encoding.UTF8.GetString(buffers.Output.WrittenSpan));
            textWriter.Write('\n');
        }
        finally
        {
            buffers.End();
        }
    }

    private static string Message<TState>(in LogEntry<TState> logEntry, Buffers buffers)
    {
        string message;
        if (buffers.MaskProperties &&
            logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values &&
            HasPersonalValue(values, buffers.Masker, out var template))
        {
            message = LogTemplate.Parse(template).Render((values, buffers.Masker), static (s, name, format) =>
            {
                foreach (var (key, value) in s.values)
                {
                    if (!string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) continue;
                    return s.Masker.IsPersonal(key) ? PiiMasker.MaskValue(value) : LogTemplate.Format(value, format);
                }
                return "";
            });
        }
        else
        {
            message = logEntry.Formatter(logEntry.State, logEntry.Exception) ?? "";
        }
        return PiiMasker.MaskText(message);
    }

    private static bool HasPersonalValue(IReadOnlyList<KeyValuePair<string, object?>> values, PiiMasker masker, out string template)
    {
        template = "";
        var personal = false;
        foreach (var (key, value) in values)
        {
            if (key == OriginalFormat) template = value as string ?? "";
            else if (masker.IsPersonal(key)) personal = true;
        }
        return personal && template.Length > 0;
    }

    private static void WriteScope(object? scope, Buffers buffers)
    {
        if (scope is not IEnumerable<KeyValuePair<string, object?>> pairs) return;
        foreach (var (key, value) in pairs)
        {
            if (!IgnoredScopeKeys.Contains(key)) WriteProperty(buffers, key, value);
        }
    }

    private static void WriteProperty(Buffers buffers, string key, object? value)
    {
        var name = FixedFields.Contains(key) ? "_" + key : key;
        if (!buffers.Seen.Add(name)) return;
        var json = buffers.Json;
        if (value is not null && buffers.MaskProperties && buffers.Masker.IsPersonal(key))
        {
            json.WriteString(name, PiiMasker.MaskValue(value));
            return;
        }
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case string text: json.WriteString(name, PiiMasker.MaskText(text)); break;
            case bool flag: json.WriteBoolean(name, flag); break;
            case int number: json.WriteNumber(name, number); break;
            case long number: json.WriteNumber(name, number); break;
            case short number: json.WriteNumber(name, number); break;
            case byte number: json.WriteNumber(name, number); break;
            case uint number: json.WriteNumber(name, number); break;
            case ulong number: json.WriteNumber(name, number); break;
            case decimal number: json.WriteNumber(name, number); break;
            case double number when double.IsFinite(number): json.WriteNumber(name, number); break;
            case float number when float.IsFinite(number): json.WriteNumber(name, number); break;
            case DateTime time: json.WriteString(name, time); break;
            case DateTimeOffset time: json.WriteString(name, time); break;
            case Guid id: json.WriteString(name, id); break;
            case TimeSpan span: json.WriteNumber(name, span.TotalMilliseconds); break;
            case Enum member: json.WriteString(name, member.ToString()); break;
            default: json.WriteString(name, PiiMasker.MaskText(LogTemplate.Format(value, null))); break;
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };

    /// <summary>Per-thread buffers reused across entries; a nested entry (logged while formatting) gets its own.</summary>
    private sealed class Buffers
    {
        public ArrayBufferWriter<byte> Output { get; } = new(1024);

        public Utf8JsonWriter Json { get; }

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public PiiMasker Masker { get; private set; } = null!;

        public bool MaskProperties { get; private set; }

        public bool InUse { get; private set; }

        public Buffers() => Json = new Utf8JsonWriter(Output, WriterOptions);

        public void Begin(PiiMasker masker, bool maskProperties)
        {
            InUse = true;
            Masker = masker;
            MaskProperties = maskProperties;
            Output.ResetWrittenCount();
            Json.Reset(Output);
            Seen.Clear();
        }

        public void End() => InUse = false;
    }
}
