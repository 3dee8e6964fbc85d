using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Kyc.Contracts.Bench;

/// <summary>One way a payload breaks its schema (as Kyc.Contracts' SchemaError).</summary>
internal sealed record SchemaError(string Path, string Message);

/// <summary>
/// The candidate measured against NJsonSchema: a complete port of Kyc.Contracts' EventSchemaValidator to JsonSchema.Net
/// 8.0.5 (same strict parse, same error paths and messages; it passed every Kyc.Contracts test when it stood in for the
/// real one). Kept here so that the comparison in docs/benchmarks/schema-validation.md can be repeated.
/// </summary>
internal sealed class JsonSchemaNetValidator(IReadOnlyDictionary<string, string> schemaTexts)
{
    private readonly FrozenDictionary<string, CompiledSchema> _schemas =
        schemaTexts.ToFrozenDictionary(s => s.Key, s => CompiledSchema.From(s.Value), StringComparer.Ordinal);

    // Flag output stops at the first failure: what a valid event (nearly every one) costs. Only an invalid one is
    // evaluated again with every error listed (the measured variant).
    private static readonly EvaluationOptions Check = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    private static readonly EvaluationOptions Explain = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    // Checked before the schema: a duplicated property (readers disagree on which value wins, so the validated object
    // could differ from what a consumer reads), trailing content, comments and nesting deeper than 64 are refused.
    private static readonly JsonDocumentOptions StrictJson = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>Validates a UTF-8 JSON payload (e.g. a Kafka message value) against the schema of <paramref name="cloudEventType"/>.</summary>
    public IReadOnlyList<SchemaError> Validate(string cloudEventType, ReadOnlySpan<byte> utf8Data)
    {
        if (Find(cloudEventType) is not { } schema) return [UnknownType(cloudEventType)];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Data.ToArray(), StrictJson);
        }
        catch (JsonException)
        {
            return [NotJson];
        }
        using (document) return schema.Validate(document.RootElement);
    }

    private static readonly SchemaError NotJson = new("$", "is not valid JSON (or a property appears twice)");

    private static SchemaError UnknownType(string? cloudEventType) => new("$", $"unknown event type '{cloudEventType}': not in EventRegistry");

    private CompiledSchema? Find(string? cloudEventType) =>
        cloudEventType is not null && _schemas.TryGetValue(cloudEventType, out var schema) ? schema : null;

    /// <summary>One schema, built once, and its JSON (to read the keywords an error refers to).</summary>
    private sealed class CompiledSchema(JsonSchema schema, JsonNode document)
    {
        public static CompiledSchema From(string text)
        {
            var document = JsonNode.Parse(text)!;
            AnchorPatterns(document);
            // A registry of its own: the schemas' $ids are never shared with (or fetched into) the global one.
            var schema = JsonSchema.FromText(document.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            return new CompiledSchema(schema, document);
        }

        public IReadOnlyList<SchemaError> Validate(JsonElement instance)
        {
            if (schema.Evaluate(instance, Check).IsValid) return [];
            var results = schema.Evaluate(instance, Explain);
            var failures = (results.Details ?? []).Prepend(results)
                .Where(r => r.Errors is { Count: > 0 })
                .SelectMany(r => r.Errors!.Select(e => (Instance: r.InstanceLocation.ToString(), Schema: r.EvaluationPath.ToString(), Keyword: e.Key)))
                .Distinct()
                .ToList();
            // A value of the wrong type: say only that (not also that it is outside an enum, say).
            var wrongType = failures.Where(f => f.Keyword == "type").Select(f => f.Instance).ToHashSet(StringComparer.Ordinal);
            var errors = new List<SchemaError>();
            foreach (var (at, schemaPath, keyword) in failures)
            {
                if (keyword != "type" && wrongType.Contains(at)) continue;
                if (keyword == "required")
                {
                    errors.AddRange(Missing(instance, at, schemaPath).Select(name => new SchemaError(PathOf(at + "/" + name), "is required")));
                    continue;
                }
                errors.Add(new SchemaError(PathOf(at), Describe(keyword, schemaPath)));
            }
            return errors.Distinct().ToList();
        }

        /// <summary>The required properties of the object at <paramref name="at"/> that it lacks, in the schema's order.</summary>
        private IEnumerable<string> Missing(JsonElement instance, string at, string schemaPath)
        {
            var value = Resolve(instance, at);
            if (Resolve(document, schemaPath)?["required"] is not JsonArray required || value?.ValueKind != JsonValueKind.Object) return [];
            return required.Select(n => (string)n!).Where(name => !value.Value.TryGetProperty(name, out _));
        }

        private string Describe(string keyword, string schemaPath) => keyword switch
        {
            "" => "is not a property of this event", // the false schema of additionalProperties
            "type" => TypeMessage(Resolve(document, schemaPath)?["type"]),
            "enum" => "is not one of the allowed values",
            "const" => "is not the allowed value",
            "pattern" => "does not match the required pattern",
            "format" => Resolve(document, schemaPath)?["format"]?.GetValue<string>() switch
            {
                "date-time" => "must be an RFC 3339 date-time",
                "uuid" => "must be a UUID",
                var format => $"is not a valid {format}",
            },
            "minLength" => "is too short",
            "maxLength" => "is too long",
            "minimum" or "exclusiveMinimum" => "is below the minimum",
            "maximum" or "exclusiveMaximum" => "is above the maximum",
            "minItems" => "has too few items",
            "maxItems" => "has too many items",
            "uniqueItems" => "has duplicate items",
            "additionalProperties" => "is not a property of this event",
            _ => $"fails {keyword}",
        };

        /// <summary>What a value of the wrong type must be: the schema's type, ignoring <c>null</c> when it is allowed too.</summary>
        private static string TypeMessage(JsonNode? type)
        {
            var expected = type is JsonArray types
                ? types.Select(t => (string)t!).FirstOrDefault(t => t != "null") ?? "null"
                : type?.GetValue<string>() ?? "";
            return expected switch
            {
                "string" => "must be a string",
                "integer" => "must be an integer",
                "number" => "must be a number",
                "boolean" => "must be a boolean",
                "array" => "must be an array",
                "object" => "must be an object",
                "null" => "must be null",
                _ => "has the wrong type",
            };
        }
    }

    // JSON Pointer (/roles/1) to the JSONPath the errors use ($.roles[1]).
    private static string PathOf(string pointer)
    {
        var path = "$";
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            path += name.All(char.IsAsciiDigit) ? $"[{name}]" : $".{name}";
        }
        return path;
    }

    private static JsonNode? Resolve(JsonNode node, string pointer)
    {
        JsonNode? current = node;
        foreach (var segment in Segments(pointer))
        {
            current = current switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }
        return current;
    }

    private static JsonElement? Resolve(JsonElement element, string pointer)
    {
        var current = element;
        foreach (var segment in Segments(pointer))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var property)) current = property;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var i) && i < current.GetArrayLength()) current = current[i];
            else return null;
        }
        return current;
    }

    private static IEnumerable<string> Segments(string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));

    /// <summary>
    /// JSON Schema patterns are ECMA-262 regular expressions, where <c>$</c> matches only at the end of the
    /// input; in .NET it also matches before a final newline, so <c>"eu\n"</c> would pass <c>^[a-z]{2}$</c>.
    /// Each pattern's final <c>$</c> becomes <c>\z</c> to keep the ECMA meaning.
    /// </summary>
    private static void AnchorPatterns(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key == "pattern" && value is JsonValue v && v.TryGetValue<string>(out var pattern) && EndsWithUnescapedDollar(pattern))
                        o[key] = string.Concat(pattern.AsSpan(0, pattern.Length - 1), @"\z");
                    else AnchorPatterns(value);
                }
                break;
            case JsonArray a:
                foreach (var item in a) AnchorPatterns(item);
                break;
        }
    }

    private static bool EndsWithUnescapedDollar(string pattern)
    {
        if (!pattern.EndsWith('$')) return false;
        var backslashes = 0;
        for (var i = pattern.Length - 2; i >= 0 && pattern[i] == '\\'; i--) backslashes++;
        return backslashes % 2 == 0;
    }
}
