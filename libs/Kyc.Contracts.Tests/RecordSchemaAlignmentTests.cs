using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Kyc.Contracts.Tests;

/// <summary>The C# record of each event and its JSON Schema describe the same payload.</summary>
public sealed class RecordSchemaAlignmentTests
{
    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void Record_properties_are_the_schema_properties(string cloudEventType)
    {
        var contract = EventRegistry.Find(cloudEventType)!;
        var schemaProperties = Json.Schema(contract)["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

        var recordProperties = TypeInfo(contract).Properties.Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(schemaProperties, recordProperties);
    }

    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void Required_fields_are_required_constructor_parameters_and_later_additions_are_optional(string cloudEventType)
    {
        // A version's fields are all required when it is published; a field added to it later is optional in the
        // schema, and in the record a nullable constructor parameter with a default, so older payloads still read.
        var contract = EventRegistry.Find(cloudEventType)!;
        var required = Json.Schema(contract)["required"]!.AsArray().Select(n => (string)n!).ToHashSet(StringComparer.Ordinal);
        var parameters = contract.DataType.GetConstructors().Single().GetParameters()
            .ToDictionary(p => ContractJson.Options.PropertyNamingPolicy!.ConvertName(p.Name!), StringComparer.Ordinal);

        var schemaProperties = Json.Schema(contract)["properties"]!.AsObject();
        foreach (var property in TypeInfo(contract).Properties.Where(p => schemaProperties.ContainsKey(p.Name)))
        {
            var parameter = parameters[property.Name];
            if (required.Contains(property.Name))
            {
                Assert.False(parameter.HasDefaultValue, $"{cloudEventType} {property.Name} is required: its constructor parameter takes no default");
            }
            else
            {
                Assert.True(parameter.HasDefaultValue && property.IsGetNullable,
                    $"{cloudEventType} {property.Name} is optional: make it a nullable constructor parameter defaulting to null");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void Record_property_types_and_nullability_match_the_schema(string cloudEventType)
    {
        var contract = EventRegistry.Find(cloudEventType)!;
        var properties = Json.Schema(contract)["properties"]!.AsObject();

        foreach (var property in TypeInfo(contract).Properties.Where(p => properties.ContainsKey(p.Name)))
        {
            var schema = properties[property.Name]!;
            var types = schema["type"] is JsonArray array ? array.Select(t => (string)t!).ToHashSet() : [(string)schema["type"]!];
            var clrType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var expected = clrType == typeof(string) || clrType == typeof(DateTimeOffset) ? "string"
                : clrType == typeof(int) || clrType == typeof(long) ? "integer"
                : clrType == typeof(decimal) || clrType == typeof(double) ? "number"
                : typeof(System.Collections.IEnumerable).IsAssignableFrom(clrType) ? "array"
                : throw new InvalidOperationException($"{contract.DataType.Name}.{property.Name}: map {clrType} to a JSON type here.");
            var nullable = property.IsGetNullable;

            Assert.True(types.Contains(expected), $"{cloudEventType} {property.Name}: schema type should include {expected}");
            Assert.True(nullable == types.Contains("null"),
                $"{cloudEventType} {property.Name}: nullable in C# is {nullable}, in the schema {types.Contains("null")}");
            Assert.Equal(nullable ? 2 : 1, types.Count);
            if (clrType == typeof(DateTimeOffset))
            {
                Assert.Equal("date-time", (string?)schema["format"]);
            }
        }
    }

    [Fact]
    public void A_field_shared_by_several_events_is_defined_identically_in_each()
    {
        var definitions = EventRegistry.All
            .SelectMany(c => Json.Schema(c)["properties"]!.AsObject().Select(p => (Event: c.CloudEventType, p.Key, Schema: p.Value!)))
            .GroupBy(p => p.Key, StringComparer.Ordinal);

        foreach (var field in definitions)
        {
            var first = field.First();
            foreach (var other in field.Skip(1))
            {
                Assert.True(JsonNode.DeepEquals(first.Schema, other.Schema),
                    $"{field.Key} differs between {first.Event} and {other.Event}: define a shared field once, the same everywhere");
            }
        }
    }

    [Fact]
    public void Every_onboarding_event_starts_with_the_case_fields()
    {
        Assert.All(EventRegistry.ByProducer(EventRegistry.Onboarding), c =>
            Assert.Equal(["case_id", "partner_id", "version", "occurred_at"],
                Json.Schema(c)["properties"]!.AsObject().Select(p => p.Key).Take(4)));
    }

    private static JsonTypeInfo TypeInfo(EventContract contract) => ContractJson.Options.GetTypeInfo(contract.DataType);
}
