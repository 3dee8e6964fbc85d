using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Kyc.Web.Logging;

/// <summary>
/// A parsed message template (<c>"Director {full_name} added"</c>), rendered again with masked values when a
/// property is personal: the message the framework renders would carry the raw value. Holes map to the state's
/// values by position, as in Microsoft.Extensions.Logging.
/// </summary>
internal sealed class LogTemplate
{
    private const int MaxCached = 1024;
    private static readonly ConcurrentDictionary<string, LogTemplate> Cache = new(StringComparer.Ordinal);

    private readonly Segment[] _segments;

    private LogTemplate(Segment[] segments) => _segments = segments;

    public static LogTemplate Parse(string format)
    {
        if (Cache.TryGetValue(format, out var cached)) return cached;
        var parsed = new LogTemplate(ParseSegments(format));
        if (Cache.Count < MaxCached) Cache.TryAdd(format, parsed);
        return parsed;
    }

    /// <summary>Renders with <paramref name="valueOf"/> giving the text of the named value of each hole.</summary>
    public string Render<TState>(TState state, Func<TState, string, string?, string> valueOf)
    {
        var builder = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (segment.IsHole)
            {
                var text = valueOf(state, segment.Text, segment.Format);
                if (segment.Alignment > 0) builder.Append(text.PadLeft(segment.Alignment));
                else if (segment.Alignment < 0) builder.Append(text.PadRight(-segment.Alignment));
                else builder.Append(text);
            }
            else
            {
                builder.Append(segment.Text);
            }
        }
        return builder.ToString();
    }

    /// <summary>A value as Microsoft.Extensions.Logging renders it into a message.</summary>
    public static string Format(object? value, string? format) => value switch
    {
        null => "(null)",
        string text => text,
        IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(i => Format(i, null))),
        _ => value.ToString() ?? "",
    };

    private static Segment[] ParseSegments(string format)
    {
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }
            var close = c == '{' ? format.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                literal.Append(c);
                continue;
            }
            if (literal.Length > 0) segments.Add(Segment.Literal(literal.ToString()));
            literal.Clear();
            segments.Add(Segment.Hole(format.AsSpan(i + 1, close - i - 1)));
            i = close;
        }
        if (literal.Length > 0) segments.Add(Segment.Literal(literal.ToString()));
        return [.. segments];
    }

    /// <summary>Literal text, or a hole whose <see cref="Text"/> is the value's name.</summary>
    private readonly record struct Segment(bool IsHole, string Text, int Alignment, string? Format)
    {
        public static Segment Literal(string text) => new(false, text, 0, null);

        public static Segment Hole(ReadOnlySpan<char> body)
        {
            var formatAt = body.IndexOf(':');
            string? format = formatAt >= 0 ? body[(formatAt + 1)..].ToString() : null;
            var head = formatAt >= 0 ? body[..formatAt] : body;
            var alignmentAt = head.IndexOf(',');
            var alignment = alignmentAt >= 0 && int.TryParse(head[(alignmentAt + 1)..].Trim(), CultureInfo.InvariantCulture, out var a) ? a : 0;
            var name = alignmentAt >= 0 ? head[..alignmentAt] : head;
            return new(true, name.Trim().TrimStart('@').ToString(), alignment, format);
        }
    }
}
