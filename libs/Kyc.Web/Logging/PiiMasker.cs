using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Serilog.Events;
using Serilog.Parsing;

namespace Kyc.Web.Logging;

/// <summary>
/// Masks personal data in a log event before any sink sees it: values of properties whose names look personal
/// (<c>"Jo***"</c>, or <c>"***"</c> for short or non-text values), also inside destructured objects, and emails,
/// IBANs and ISO dates in free text (string values, the template's literal text, exception text). Drops the
/// framework's request scope properties, whose path may carry identifiers.
/// </summary>
public sealed partial class PiiMasker
{
    public const string Mask = "***";
    private const int MinimumSuffixLength = 5;
    private const int VisiblePrefix = 2;
    private const int ShortValue = 4;
    private const int MaxCachedNames = 4096;

    /// <summary>Properties the framework adds that are not personal: <c>EventId</c> holds a <c>Name</c>, but a code's.</summary>
    private static readonly FrozenSet<string> FrameworkProperties = FrozenSet.ToFrozenSet(["EventId", "SourceContext"], StringComparer.Ordinal);

    /// <summary>ASP.NET Core's request scope: its RequestId is the connection's, and RequestPath may carry identifiers.</summary>
    private static readonly FrozenSet<string> DroppedProperties = FrozenSet.ToFrozenSet(["RequestId", "RequestPath", "ConnectionId"], StringComparer.Ordinal);

    private readonly FrozenSet<string> _names;
    private readonly string[] _suffixes;
    private readonly FrozenSet<string> _trustedCategories;
    private readonly ConcurrentDictionary<string, bool> _verdicts = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<MessageTemplate, MessageTemplate> _templates = [];

    public PiiMasker(PiiMaskingOptions options)
    {
        _names = options.PropertyNames.Select(Normalize).ToFrozenSet(StringComparer.Ordinal);
        _suffixes = [.. _names.Where(n => n.Length >= MinimumSuffixLength)];
        _trustedCategories = options.TrustedCategories.ToFrozenSet(StringComparer.Ordinal);
    }

    public bool IsPersonal(string propertyName)
    {
        if (_verdicts.TryGetValue(propertyName, out var known)) return known;
        var verdict = Judge(propertyName);
        if (_verdicts.Count < MaxCachedNames) _verdicts.TryAdd(propertyName, verdict);
        return verdict;
    }

    /// <summary>The event as sinks may see it: the same instance when nothing in it needed masking.</summary>
    public LogEvent Apply(LogEvent logEvent)
    {
        var byName = !IsTrusted(logEvent);
        var template = MaskTemplate(logEvent.MessageTemplate);
        var exception = logEvent.Exception is { } original ? new MaskedException(original) : null;
        List<LogEventProperty>? properties = null;
        var index = 0;
        foreach (var (name, value) in logEvent.Properties)
        {
            var masked = DroppedProperties.Contains(name) ? null : MaskProperty(name, value, byName);
            if (properties is null && !ReferenceEquals(masked, value))
            {
                properties = new List<LogEventProperty>(logEvent.Properties.Count);
                foreach (var (earlierName, earlierValue) in logEvent.Properties.Take(index)) properties.Add(new LogEventProperty(earlierName, earlierValue));
            }
            if (properties is not null && masked is not null) properties.Add(new LogEventProperty(name, masked));
            index++;
        }

        if (properties is null && exception is null && ReferenceEquals(template, logEvent.MessageTemplate)) return logEvent;
        return new LogEvent(logEvent.Timestamp, logEvent.Level, exception, template,
            properties ?? logEvent.Properties.Select(p => new LogEventProperty(p.Key, p.Value)),
            logEvent.TraceId ?? default, logEvent.SpanId ?? default);
    }

    /// <summary>The masked form of a personal value: a two-character hint for longer text, nothing for the rest.</summary>
    public static string MaskValue(object? value)
    {
        if (value is not string text) return Mask;
        text = text.Trim();
        return text.Length <= ShortValue ? Mask : string.Concat(text.AsSpan(0, VisiblePrefix), Mask);
    }

    /// <summary>Free text with emails, IBANs and ISO 8601 dates replaced.</summary>
    public static string MaskText(string text)
    {
        if (text.Length < 6) return text;
        if (text.Contains('@', StringComparison.Ordinal)) text = Email().Replace(text, static m => MaskValue(m.Value));
        if (text.Contains('-', StringComparison.Ordinal)) text = IsoDate().Replace(text, Mask);
        return Iban().Replace(text, static m => string.Concat(m.ValueSpan[..VisiblePrefix], Mask));
    }

    private bool IsTrusted(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("SourceContext", out var context) &&
        context is ScalarValue { Value: string category } && _trustedCategories.Contains(category);

    private LogEventPropertyValue MaskProperty(string name, LogEventPropertyValue value, bool byName)
    {
        if (FrameworkProperties.Contains(name)) return value;
        if (byName && IsPersonal(name))
        {
            return value is ScalarValue { Value: null } ? value : new ScalarValue(MaskValue((value as ScalarValue)?.Value));
        }
        return MaskNested(value, byName);
    }

    private LogEventPropertyValue MaskNested(LogEventPropertyValue value, bool byName)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                var masked = MaskText(text);
                return ReferenceEquals(masked, text) || masked == text ? value : new ScalarValue(masked);
            case StructureValue structure:
                var members = structure.Properties.Select(p => (p, Masked: MaskProperty(p.Name, p.Value, byName))).ToList();
                return members.All(m => ReferenceEquals(m.Masked, m.p.Value)) ? value
                    : new StructureValue(members.Select(m => new LogEventProperty(m.p.Name, m.Masked)), structure.TypeTag);
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(e => (e, Masked: MaskNested(e, byName))).ToList();
                return elements.All(e => ReferenceEquals(e.Masked, e.e)) ? value : new SequenceValue(elements.Select(e => e.Masked));
            case DictionaryValue dictionary:
                var entries = dictionary.Elements.Select(e => (e.Key, e.Value, Masked: e.Key.Value is string key
                    ? MaskProperty(key, e.Value, byName)
                    : MaskNested(e.Value, byName))).ToList();
                return entries.All(e => ReferenceEquals(e.Masked, e.Value)) ? value
                    : new DictionaryValue(entries.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, e.Masked)));
            default:
                return value;
        }
    }

    private MessageTemplate MaskTemplate(MessageTemplate template) => _templates.GetValue(template, static original =>
    {
        var tokens = original.Tokens.Select(t => t is TextToken text ? MaskToken(text) : t).ToList();
        return tokens.SequenceEqual(original.Tokens) ? original : new MessageTemplate(tokens);
    });

    private static MessageTemplateToken MaskToken(TextToken token)
    {
        var masked = MaskText(token.Text);
        return masked == token.Text ? token : new TextToken(masked);
    }

    private bool Judge(string propertyName)
    {
        var normalized = Normalize(propertyName);
        if (_names.Contains(normalized)) return true;
        foreach (var suffix in _suffixes)
        {
            if (normalized.EndsWith(suffix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static string Normalize(string name)
    {
        Span<char> buffer = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (c is '_' or '-' or '.' or ' ') continue;
            buffer[length++] = char.ToLower(c, CultureInfo.InvariantCulture);
        }
        return new string(buffer[..length]);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+\-]\d{2}:?\d{2})?)?", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex Iban();
}
