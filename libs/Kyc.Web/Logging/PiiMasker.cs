using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kyc.Web.Logging;

/// <summary>
/// Masks personal data before it reaches a log line: values of properties whose names look personal
/// (<c>"Jo***"</c>, or <c>"***"</c> for short or non-text values), and emails, IBANs and ISO dates in free text.
/// </summary>
public sealed partial class PiiMasker
{
    public const string Mask = "***";
    private const int MinimumSuffixLength = 5;
    private const int VisiblePrefix = 2;
    private const int ShortValue = 4;
    private const int MaxCachedNames = 4096;

    private readonly FrozenSet<string> _names;
    private readonly string[] _suffixes;
    private readonly FrozenSet<string> _trustedCategories;
    private readonly ConcurrentDictionary<string, bool> _verdicts = new(StringComparer.Ordinal);

    public PiiMasker(PiiMaskingOptions options)
    {
        _names = options.PropertyNames.Select(Normalize).ToFrozenSet(StringComparer.Ordinal);
        _suffixes = [.. _names.Where(n => n.Length >= MinimumSuffixLength)];
        _trustedCategories = options.TrustedCategories.ToFrozenSet(StringComparer.Ordinal);
    }

    public bool IsTrustedCategory(string category) => _trustedCategories.Contains(category);

    public bool IsPersonal(string propertyName)
    {
        if (_verdicts.TryGetValue(propertyName, out var known)) return known;
        var verdict = Judge(propertyName);
        if (_verdicts.Count < MaxCachedNames) _verdicts.TryAdd(propertyName, verdict);
        return verdict;
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
