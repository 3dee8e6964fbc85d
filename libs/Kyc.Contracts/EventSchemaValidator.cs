using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Kyc.Contracts;

/// <summary>
/// Validates event payloads against the registry's schemas. The only place that uses NJsonSchema (and with it
/// Newtonsoft.Json): callers see <see cref="SchemaError"/> lists, never a library type.
/// Producers validate before they write an event to the outbox; the audit service validates on ingestion.
/// </summary>
public static class EventSchemaValidator
{
    private const string ObjectExpected = "must be an object";

    private static readonly JsonSchemaValidator Validator = new();

    private static readonly Lazy<FrozenDictionary<string, JsonSchema>> Schemas = new(LoadSchemas);

    // System.Text.Json checks the text first: it rejects a duplicated property (which NJsonSchema's
    // Newtonsoft.Json would silently collapse, so the validated object could differ from what a consumer reads),
    // trailing content and nesting deeper than 64, before Newtonsoft.Json sees the text.
    private static readonly JsonDocumentOptions StrictJson = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>Validates <paramref name="data"/> against the schema of <paramref name="cloudEventType"/>.</summary>
    /// <returns>No errors when valid; one error at <c>$</c> when the type is not registered.</returns>
    public static IReadOnlyList<SchemaError> Validate(string cloudEventType, JsonElement data) =>
        Validate(cloudEventType, data.ValueKind == JsonValueKind.Undefined ? string.Empty : data.GetRawText());

    /// <summary>Validates a UTF-8 JSON payload (e.g. a Kafka message value) against the schema of <paramref name="cloudEventType"/>.</summary>
    public static IReadOnlyList<SchemaError> Validate(string cloudEventType, ReadOnlySpan<byte> utf8Data) =>
        Validate(cloudEventType, Encoding.UTF8.GetString(utf8Data));

    /// <summary>Validates a JSON text against the schema of <paramref name="cloudEventType"/>.</summary>
    /// <returns>No errors when valid; one error at <c>$</c> when the type is not registered or the text is not JSON.</returns>
    public static IReadOnlyList<SchemaError> Validate(string cloudEventType, string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (cloudEventType is null || !Schemas.Value.TryGetValue(cloudEventType, out var schema))
        {
            return [new SchemaError("$", $"unknown event type '{cloudEventType}': not in EventRegistry")];
        }

        try
        {
            using var checkedText = JsonDocument.Parse(data, StrictJson);
        }
        catch (System.Text.Json.JsonException)
        {
            // The parser's message may quote the input; keep it out of the error.
            return [new SchemaError("$", "is not valid JSON (or a property appears twice)")];
        }

        JToken token;
        try
        {
            using var reader = new JsonTextReader(new StringReader(data));
            reader.DateParseHandling = DateParseHandling.None;
            reader.FloatParseHandling = FloatParseHandling.Decimal;
            token = JToken.ReadFrom(reader);
        }
        catch (JsonReaderException)
        {
            // Valid JSON that Newtonsoft.Json cannot hold, e.g. a number beyond decimal's range.
            return [new SchemaError("$", "holds a value out of range")];
        }

        var errors = new List<SchemaError>();
        foreach (var error in Validator.Validate(token, schema))
        {
            Flatten(error, errors);
        }

        return WithoutErrorsInsideNonObjects(errors);
    }

    /// <summary>
    /// Serialises <paramref name="data"/> with <see cref="ContractJson.Options"/> and validates it against the
    /// schema of its registered contract: what a producer runs before writing the event to its outbox.
    /// </summary>
    /// <exception cref="InvalidOperationException">The data's type is not a registered payload record.</exception>
    public static IReadOnlyList<SchemaError> Validate<TData>(TData data)
        where TData : notnull
    {
        var contract = EventRegistry.For(data.GetType());
        return Validate(contract.CloudEventType, System.Text.Json.JsonSerializer.Serialize(data, contract.DataType, ContractJson.Options));
    }

    // NJsonSchema also reports each required property of a value that is not an object at all: keep only the
    // type error there.
    private static List<SchemaError> WithoutErrorsInsideNonObjects(List<SchemaError> errors)
    {
        var notObjects = errors.Where(e => e.Message == ObjectExpected).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        if (notObjects.Count == 0)
        {
            return errors;
        }

        return errors.Where(e => !notObjects.Any(p => e.Path.StartsWith(p + ".", StringComparison.Ordinal))).ToList();
    }

    private static FrozenDictionary<string, JsonSchema> LoadSchemas() =>
        EventRegistry.All.ToFrozenDictionary(
            c => c.CloudEventType,
            c =>
            {
                // Self-contained files (no external $ref): the task completes without I/O.
                var schema = JsonSchema.FromJsonAsync(c.SchemaJson).GetAwaiter().GetResult();
                AnchorPatterns(schema, []);
                return schema;
            },
            StringComparer.Ordinal);

    /// <summary>
    /// JSON Schema patterns are ECMA-262 regular expressions, where <c>$</c> matches only at the end of the
    /// input; in .NET it also matches before a final newline, so <c>"eu\n"</c> would pass <c>^[a-z]{2}$</c>.
    /// Each pattern's final <c>$</c> becomes <c>\z</c> to keep the ECMA meaning.
    /// </summary>
    private static void AnchorPatterns(JsonSchema schema, HashSet<JsonSchema> seen)
    {
        if (!seen.Add(schema))
        {
            return;
        }

        if (schema.Pattern is { } pattern && EndsWithUnescapedDollar(pattern))
        {
            schema.Pattern = string.Concat(pattern.AsSpan(0, pattern.Length - 1), @"\z");
        }

        IEnumerable<JsonSchema?> children =
        [
            .. schema.Properties.Values, schema.Item, .. schema.Items, schema.AdditionalPropertiesSchema,
            .. schema.AllOf, .. schema.AnyOf, .. schema.OneOf, schema.Not, .. schema.Definitions.Values,
        ];
        foreach (var child in children)
        {
            if (child is not null)
            {
                AnchorPatterns(child, seen);
            }
        }
    }

    private static bool EndsWithUnescapedDollar(string pattern)
    {
        if (!pattern.EndsWith('$'))
        {
            return false;
        }

        var backslashes = 0;
        for (var i = pattern.Length - 2; i >= 0 && pattern[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0;
    }

    private static void Flatten(ValidationError error, List<SchemaError> errors)
    {
        switch (error)
        {
            case MultiTypeValidationError multi:
                // A nullable field: report why the non-null type failed, not that the value is not null.
                var nonNull = multi.Errors.Where(e => e.Key != JsonObjectType.Null).SelectMany(e => e.Value).ToList();
                if (nonNull.Count == 0)
                {
                    errors.Add(new SchemaError(PathOf(error), Describe(error.Kind)));
                }

                foreach (var inner in nonNull)
                {
                    Flatten(inner, errors);
                }

                break;
            case ChildSchemaValidationError child when child.Errors.Count > 0:
                foreach (var inner in child.Errors.SelectMany(e => e.Value))
                {
                    Flatten(inner, errors);
                }

                break;
            default:
                errors.Add(new SchemaError(PathOf(error), Describe(error.Kind)));
                break;
        }
    }

    // NJsonSchema paths: "#/case_id", "#/roles[0]", "#/" or "#" for the root.
    private static string PathOf(ValidationError error)
    {
        var path = error.Path ?? "#";
        path = path.StartsWith("#/", StringComparison.Ordinal) ? path[2..] : path.TrimStart('#');
        return path.Length == 0 ? "$" : path[0] == '[' ? "$" + path : "$." + path;
    }

    private static string Describe(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.PropertyRequired => "is required",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => "is not a property of this event",
        ValidationErrorKind.NotInEnumeration => "is not one of the allowed values",
        ValidationErrorKind.PatternMismatch => "does not match the required pattern",
        ValidationErrorKind.StringExpected => "must be a string",
        ValidationErrorKind.IntegerExpected => "must be an integer",
        ValidationErrorKind.NumberExpected => "must be a number",
        ValidationErrorKind.BooleanExpected => "must be a boolean",
        ValidationErrorKind.ArrayExpected => "must be an array",
        ValidationErrorKind.ObjectExpected => ObjectExpected,
        ValidationErrorKind.NullExpected => "must be null",
        ValidationErrorKind.StringTooShort => "is too short",
        ValidationErrorKind.StringTooLong => "is too long",
        ValidationErrorKind.NumberTooSmall => "is below the minimum",
        ValidationErrorKind.NumberTooBig => "is above the maximum",
        ValidationErrorKind.TooFewItems => "has too few items",
        ValidationErrorKind.TooManyItems => "has too many items",
        ValidationErrorKind.ItemsNotUnique => "has duplicate items",
        ValidationErrorKind.DateTimeExpected => "must be an RFC 3339 date-time",
        ValidationErrorKind.GuidExpected or ValidationErrorKind.UuidExpected => "must be a UUID",
        ValidationErrorKind.NoTypeValidates => "has the wrong type",
        _ => kind.ToString(),
    };
}
