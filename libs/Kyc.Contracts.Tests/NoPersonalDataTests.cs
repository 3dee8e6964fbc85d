using System.Text.Json.Nodes;

namespace Kyc.Contracts.Tests;

/// <summary>
/// Events cross regions; personal data stays in its region's database. These checks catch the obvious slips:
/// a field named for personal data, or a string field with room for free text.
/// </summary>
public sealed class NoPersonalDataTests
{
    private static readonly string[] PersonalDataWords =
    [
        "name", "birth", "dob", "address", "street", "city", "postal", "zip", "email", "e_mail", "phone", "passport",
        "document_number", "id_number", "national", "tax", "ssn", "nationality", "note", "comment", "remark", "text",
        "message", "description", "gender", "iban", "account",
    ];

    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void No_field_is_named_for_personal_data(string cloudEventType)
    {
        foreach (var (path, _) in Fields(Json.Schema(EventRegistry.Find(cloudEventType)!), "$"))
        {
            var name = path[(path.LastIndexOf('.') + 1)..];
            Assert.DoesNotContain(PersonalDataWords, word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void Every_string_is_an_enum_a_pattern_or_at_most_100_characters(string cloudEventType)
    {
        foreach (var (path, schema) in Fields(Json.Schema(EventRegistry.Find(cloudEventType)!), "$"))
        {
            var type = schema["type"];
            var isString = type is JsonArray types ? types.Any(t => (string?)t == "string") : (string?)type == "string";
            if (!isString)
            {
                continue;
            }

            var bounded = schema["enum"] is not null || schema["pattern"] is not null || (int?)schema["maxLength"] <= 100;
            Assert.True(bounded, $"{cloudEventType} {path}: a string field needs an enum, a pattern or maxLength <= 100 (no free text in events)");
        }
    }

    private static IEnumerable<(string Path, JsonObject Schema)> Fields(JsonObject schema, string path)
    {
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                var childPath = $"{path}.{name}";
                yield return (childPath, child!.AsObject());
                foreach (var nested in Fields(child.AsObject(), childPath))
                {
                    yield return nested;
                }
            }
        }

        if (schema["items"] is JsonObject items)
        {
            yield return ($"{path}[*]", items);
            foreach (var nested in Fields(items, $"{path}[*]"))
            {
                yield return nested;
            }
        }
    }
}
