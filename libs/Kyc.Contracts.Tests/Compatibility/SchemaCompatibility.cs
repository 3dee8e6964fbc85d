using System.Text.Json;

namespace Kyc.Contracts.Tests.Compatibility;

/// <summary>
/// Finds the changes between a published (frozen) JSON Schema and its current text that break compatibility,
/// so that CI can reject them (the job a hosted schema registry's compatibility check does; we have none).
/// </summary>
/// <remarks>
/// <para>
/// The rule: every payload valid under the frozen schema stays valid under the current one (so events already
/// in Kafka, in outboxes and in the audit log still validate and replay), no property disappears (consumers read
/// it), and no property changes type (consumers deserialise it into a typed record). Breaking: a property removed;
/// a type changed, including gaining or losing <c>null</c>; enum values removed or an enum/const added; a pattern
/// or format added or changed; a minimum raised or a maximum lowered (lengths, items, values, properties);
/// <c>uniqueItems</c> turned on; a new required property, or an optional one made required;
/// <c>additionalProperties</c> turned to <c>false</c> or narrowed; <c>$id</c> or <c>$schema</c> changed.
/// </para>
/// <para>
/// Compatible: a new optional property; enum values added (consumers must treat unknown values as unknown);
/// constraints removed or relaxed; annotations (<c>title</c>, <c>description</c>, <c>examples</c>,
/// <c>default</c>, <c>$comment</c>) edited; formatting and key order.
/// </para>
/// <para>
/// Any other keyword (<c>$ref</c>, <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>not</c>, <c>if</c>,
/// <c>patternProperties</c>, ...) that differs in any way is reported as breaking: this check cannot prove such a
/// change compatible, so it errs on the side of a new version.
/// </para>
/// </remarks>
public static class SchemaCompatibility
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "title", "description", "$comment", "examples", "default", "readOnly", "writeOnly", "deprecated",
    };

    private static readonly HashSet<string> Checked = new(StringComparer.Ordinal)
    {
        "type", "enum", "const", "pattern", "format", "required", "properties", "additionalProperties", "items",
        "uniqueItems", "multipleOf",
        "minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum",
        "maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum",
    };

    // Lower bounds may only go down, upper bounds only up. A missing bound is unbounded.
    private static readonly string[] LowerBounds = ["minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum"];
    private static readonly string[] UpperBounds = ["maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum"];

    /// <summary>Lists the breaking changes from <paramref name="frozenJson"/> to <paramref name="currentJson"/>; empty when compatible.</summary>
    /// <param name="frozenJson">The published schema version (the frozen copy).</param>
    /// <param name="currentJson">The schema of the same version as it is now.</param>
    /// <exception cref="JsonException">Either text is not JSON.</exception>
    public static IReadOnlyList<BreakingChange> FindBreakingChanges(string frozenJson, string currentJson)
    {
        ArgumentNullException.ThrowIfNull(frozenJson);
        ArgumentNullException.ThrowIfNull(currentJson);
        using var frozen = JsonDocument.Parse(frozenJson);
        using var current = JsonDocument.Parse(currentJson);
        var changes = new List<BreakingChange>();
        CompareSchemas(frozen.RootElement, current.RootElement, "$", changes);
        return changes;
    }

    private enum Kind
    {
        AcceptsAll,
        AcceptsNothing,
        Constrained,
    }

    private static Kind KindOf(JsonElement schema) => schema.ValueKind switch
    {
        JsonValueKind.True => Kind.AcceptsAll,
        JsonValueKind.False => Kind.AcceptsNothing,
        JsonValueKind.Object when !schema.EnumerateObject().Any(p => !Annotations.Contains(p.Name)) => Kind.AcceptsAll,
        JsonValueKind.Object => Kind.Constrained,
        _ => throw new JsonException($"A schema must be an object or a boolean, not {schema.ValueKind}."),
    };

    private static void CompareSchemas(JsonElement frozen, JsonElement current, string path, List<BreakingChange> changes)
    {
        var before = KindOf(frozen);
        var after = KindOf(current);
        if (before == Kind.AcceptsNothing || after == Kind.AcceptsAll && before == Kind.AcceptsAll)
        {
            return;
        }

        if (after == Kind.AcceptsNothing)
        {
            changes.Add(new(path, "schema changed to reject every value"));
            return;
        }

        if (before == Kind.AcceptsAll || after == Kind.AcceptsAll)
        {
            // Any value became constrained (narrowed), or a constrained value became untyped (a type change).
            changes.Add(new(path, before == Kind.AcceptsAll ? "schema narrowed from any value" : "schema widened to any value (its type is gone)"));
            return;
        }

        CompareTypes(frozen, current, path, changes);
        CompareEnum(frozen, current, path, changes);
        CompareConst(frozen, current, path, changes);
        CompareAddedOrChanged(frozen, current, "pattern", path, changes);
        CompareAddedOrChanged(frozen, current, "format", path, changes);
        CompareBounds(frozen, current, path, changes);
        CompareMultipleOf(frozen, current, path, changes);
        CompareUniqueItems(frozen, current, path, changes);
        CompareObject(frozen, current, path, changes);
        CompareItems(frozen, current, path, changes);
        CompareOtherKeywords(frozen, current, path, changes);
    }

    private static void CompareTypes(JsonElement frozen, JsonElement current, string path, List<BreakingChange> changes)
    {
        var before = TypesOf(frozen);
        var after = TypesOf(current);
        if (before.SetEquals(after))
        {
            return;
        }

        changes.Add(new(path, $"type changed from {Render(before)} to {Render(after)}"));
    }

    private static SortedSet<string> TypesOf(JsonElement schema)
    {
        var types = new SortedSet<string>(StringComparer.Ordinal);
        if (!schema.TryGetProperty("type", out var type))
        {
            return types;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            types.Add(type.GetString()!);
        }
        else if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in type.EnumerateArray())
            {
                types.Add(item.GetString() ?? "null");
            }
        }

        return types;
    }

    private static string Render(SortedSet<string> types) => types.Count switch
    {
        0 => "any",
        1 => types.Min!,
        _ => "[" + string.Join(", ", types) + "]",
    };

    private static void CompareEnum(JsonElement frozen, JsonElement current, string path, List<BreakingChange> changes)
    {
        var hadEnum = frozen.TryGetProperty("enum", out var before);
        var hasEnum = current.TryGetProperty("enum", out var after);
        if (!hasEnum)
        {
            return;
        }

        if (!hadEnum)
        {
            changes.Add(new(path, "enum added: the values are now restricted"));
            return;
        }

        var removed = before.EnumerateArray()
            .Where(old => !after.EnumerateArray().Any(now => JsonElement.DeepEquals(old, now)))
            .Select(old => old.GetRawText())
            .ToList();
        if (removed.Count > 0)
        {
            changes.Add(new(path, $"enum value(s) removed: {string.Join(", ", removed)}"));
        }
    }

    private static void CompareConst(JsonElement frozen, JsonElement current, string path, List<BreakingChange> changes)
    {
        if (!current.TryGetProperty("const", out var after))
        {
            return;
        }

        if (!frozen.TryGetProperty("const", out var before))
        {
            changes.Add(new(path, "const added: the value is now fixed"));
        }
        else if (!JsonElement.DeepEquals(before, after))
        {
            changes.Add(new(path, $"const changed from {before.GetRawText()} to {after.GetRawText()}"));
        }
    }

    private static void CompareAddedOrChanged(JsonElement frozen, JsonElement current, string keyword, string path, List<BreakingChange> changes)
    {
        if (!current.TryGetProperty(keyword, out var after))
        {
            return;
        }

        if (!frozen.TryGetProperty(keyword, out var before))
        {
            changes.Add(new(path, $"{keyword} added: {after.GetRawText()}"));
        }
        else if (!JsonElement.DeepEquals(before, after))
        {
            changes.Add(new(path, $"{keyword} changed from {before.GetRawText()} to {after.GetRawText()}"));
        }
    }

    private static void CompareBounds(JsonElement frozen, JsonElement current, string path, List<BreakingChange> changes)
    {
        foreach (var keyword in LowerBounds)
        {
            CompareBound(frozen, current, keyword, isLower: true, path, changes);
        }

        foreach (var keyword in UpperBounds)
        {
            CompareBound(frozen, current, keyword, isLower: false, path, changes);
        }
    }

    private static void CompareBound(JsonElement frozen, JsonElement current, string keyword, bool isLower, string path, List<BreakingChange> changes)
    {
        if (!current.TryGetProperty(keyword, out var after))
        {
            return;
        }

        if (after.ValueKind != JsonValueKind.Number)
        {
            // Draft-04 boolean exclusiveMinimum/Maximum and the like: any change is reported.
            if (!frozen.TryGetProperty(keyword, out var old) || !JsonElement.DeepEquals(old, after))
            {
                changes.Add(new(path, $"{keyword} changed to {after.GetRawText()}"));
            }

            return;
        }

        if (!frozen.TryGetProperty(keyword, out var before) || before.ValueKind != JsonValueKind.Number)
        {
            // A count bound of 0 restricts nothing.
            if (!(isLower && keyword.StartsWith("min", StringComparison.Ordinal) && keyword != "minimum" && Number(after) <= 0))
            {
                changes.Add(new(path, $"{keyword} {after.GetRawText()} added"));
            }

            return;
        }

        var narrowed = isLower ? Number(after) > Number(before) : Number(after) < Number(before);
        if (narrowed)
        {
            changes.Add(new(path, $"{keyword} {(isLower ? "raised" : "lowered")} from {before.GetRawText()} to {after.GetRawText()}"));
        }
    }

    private static void CompareMultipleOf(JsonElement frozen, JsonElement current, string path, List<BreakingChange> changes)
    {
        if (!current.TryGetProperty("multipleOf", out var after))
        {
            return;
        }

        if (!frozen.TryGetProperty("multipleOf", out var before))
        {
            changes.Add(new(path, $"multipleOf {after.GetRawText()} added"));
        }
        else if (Number(after) == 0 || Number(before) % Number(after) != 0)
        {
            // Still compatible when every multiple of the old divisor is a multiple of the new one.
            changes.Add(new(path, $"multipleOf changed from {before.GetRawText()} to {after.GetRawText()}"));
        }
    }

    private static void CompareUniqueItems(JsonElement frozen, JsonElement current, string path, List<BreakingChange> changes)
    {
        var before = frozen.TryGetProperty("uniqueItems", out var b) && b.ValueKind == JsonValueKind.True;
        var after = current.TryGetProperty("uniqueItems", out var a) && a.ValueKind == JsonValueKind.True;
        if (after && !before)
        {
            changes.Add(new(path, "uniqueItems turned on"));
        }
    }

    private static void CompareObject(JsonElement frozen, JsonElement current, string path, List<BreakingChange> changes)
    {
        var beforeProperties = PropertiesOf(frozen);
        var afterProperties = PropertiesOf(current);

        foreach (var (name, before) in beforeProperties)
        {
            if (afterProperties.TryGetValue(name, out var after))
            {
                CompareSchemas(before, after, Child(path, name), changes);
            }
            else
            {
                changes.Add(new(Child(path, name), "property removed"));
            }
        }

        var requiredBefore = RequiredOf(frozen);
        foreach (var name in RequiredOf(current).Where(n => !requiredBefore.Contains(n)))
        {
            changes.Add(new(Child(path, name), beforeProperties.ContainsKey(name) ? "property became required" : "new required property"));
        }

        // additionalProperties: missing means any value is allowed.
        var hadAdditional = frozen.TryGetProperty("additionalProperties", out var additionalBefore);
        var hasAdditional = current.TryGetProperty("additionalProperties", out var additionalAfter);
        if (!hasAdditional || hadAdditional && additionalBefore.ValueKind == JsonValueKind.False)
        {
            return;
        }

        if (additionalAfter.ValueKind == JsonValueKind.False)
        {
            changes.Add(new(path, "additionalProperties changed to false: unknown properties are now rejected"));
            return;
        }

        using var any = JsonDocument.Parse("true");
        CompareSchemas(hadAdditional ? additionalBefore : any.RootElement, additionalAfter, path + ".*", changes);
    }

    private static Dictionary<string, JsonElement> PropertiesOf(JsonElement schema)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (schema.TryGetProperty("properties", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                properties[property.Name] = property.Value;
            }
        }

        return properties;
    }

    private static HashSet<string> RequiredOf(JsonElement schema)
    {
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var element) && element.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in element.EnumerateArray())
            {
                required.Add(name.GetString() ?? string.Empty);
            }
        }

        return required;
    }

    private static void CompareItems(JsonElement frozen, JsonElement current, string path, List<BreakingChange> changes)
    {
        if (!current.TryGetProperty("items", out var after))
        {
            return;
        }

        var hadItems = frozen.TryGetProperty("items", out var before);
        if (after.ValueKind == JsonValueKind.Array || hadItems && before.ValueKind == JsonValueKind.Array)
        {
            // Tuple form: only an unchanged list is known to be safe.
            if (!hadItems || !JsonElement.DeepEquals(before, after))
            {
                changes.Add(new(path, "items (tuple form) changed"));
            }

            return;
        }

        using var any = JsonDocument.Parse("true");
        CompareSchemas(hadItems ? before : any.RootElement, after, path + "[*]", changes);
    }

    private static void CompareOtherKeywords(JsonElement frozen, JsonElement current, string path, List<BreakingChange> changes)
    {
        var names = frozen.EnumerateObject().Select(p => p.Name)
            .Union(current.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal)
            .Where(n => !Annotations.Contains(n) && !Checked.Contains(n))
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var had = frozen.TryGetProperty(name, out var before);
            var has = current.TryGetProperty(name, out var after);
            if (had && has && JsonElement.DeepEquals(before, after))
            {
                continue;
            }

            var what = !had ? "added" : !has ? "removed" : "changed";
            changes.Add(new(path, $"keyword {name} {what}: this check cannot prove that compatible"));
        }
    }

    private static string Child(string path, string name) => $"{path}.{name}";

    private static decimal Number(JsonElement number) =>
        number.TryGetDecimal(out var value)
            ? value
            : (decimal)Math.Clamp(number.GetDouble(), (double)decimal.MinValue, (double)decimal.MaxValue);
}
