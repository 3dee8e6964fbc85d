using System.Collections.Frozen;
using System.Text.Json;

namespace Kyc.SharedKernel;

/// <summary>
/// The one table of wire names of the domain's vocabularies (statuses, types, roles): an enum member's name in
/// snake_case (<c>InReview</c> is <c>in_review</c>), the same as the JSON of the APIs and of the events. Validators,
/// mappings, views, events and storage all go through it; no other code spells a vocabulary's values.
/// </summary>
public static class Wire
{
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => Table<TEnum>.ByValue[value];

    /// <summary>Every value's name, in the enum's order.</summary>
    public static IReadOnlyList<string> Names<TEnum>() where TEnum : struct, Enum => Table<TEnum>.Names;

    public static bool TryParse<TEnum>(string? name, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        return name is not null && Table<TEnum>.ByName.TryGetValue(name, out value);
    }

    public static bool IsName<TEnum>(string? name) where TEnum : struct, Enum => TryParse<TEnum>(name, out _);

    public static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum =>
        TryParse<TEnum>(name, out var value) ? value : throw new FormatException($"'{name}' is not a {typeof(TEnum).Name}.");

    /// <summary>"Must be one of: a, b, c." for a validation message.</summary>
    public static string OneOf<TEnum>() where TEnum : struct, Enum => $"Must be one of: {string.Join(", ", Names<TEnum>())}.";

    private static class Table<TEnum> where TEnum : struct, Enum
    {
        public static readonly IReadOnlyList<string> Names = [.. Enum.GetValues<TEnum>().Select(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()))];
        public static readonly FrozenDictionary<TEnum, string> ByValue = Enum.GetValues<TEnum>().Zip(Names).ToFrozenDictionary(p => p.First, p => p.Second);
        public static readonly FrozenDictionary<string, TEnum> ByName = ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
