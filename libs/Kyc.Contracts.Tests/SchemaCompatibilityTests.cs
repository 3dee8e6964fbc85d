using System.Text.Json;
using Kyc.Contracts.Tests.Compatibility;

namespace Kyc.Contracts.Tests;

public sealed class SchemaCompatibilityTests
{
    // A small published schema in the shape of ours; each test changes one thing.
    private const string Frozen = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "$id": "https://schemas.onboarding-kyc.dev/test/thing.happened.v1.json",
          "title": "kyc.test.thing.happened.v1",
          "type": "object",
          "additionalProperties": false,
          "required": ["id", "status", "roles", "note_ref", "share"],
          "properties": {
            "id": { "type": "string", "pattern": "^[a-z]+$", "maxLength": 50 },
            "status": { "type": "string", "enum": ["open", "closed"] },
            "roles": { "type": "array", "minItems": 1, "items": { "type": "string", "enum": ["a", "b"] } },
            "note_ref": { "type": ["string", "null"], "minLength": 1 },
            "share": { "type": ["number", "null"], "minimum": 0, "maximum": 100 },
            "extra": { "type": "object", "properties": { "code": { "type": "string" } } }
          }
        }
        """;

    [Fact]
    public void An_unchanged_schema_is_compatible()
    {
        Assert.Empty(SchemaCompatibility.FindBreakingChanges(Frozen, Frozen));
    }

    [Fact]
    public void Reformatting_reordering_and_editing_annotations_is_compatible()
    {
        var current = Edit(s =>
        {
            s["description"] = "Now documented.";
            s["properties"]!["status"]!["description"] = "Where it is.";
            s["properties"]!["id"]!["examples"] = new System.Text.Json.Nodes.JsonArray("abc");
        });
        var reordered = JsonSerializer.Serialize(
            JsonSerializer.Deserialize<SortedDictionary<string, JsonElement>>(current), new JsonSerializerOptions { WriteIndented = false });

        Assert.Empty(SchemaCompatibility.FindBreakingChanges(Frozen, reordered));
    }

    [Fact]
    public void A_new_optional_property_is_compatible()
    {
        var current = Edit(s => s["properties"]!["region"] = Node("""{ "type": "string", "pattern": "^[a-z]{2}$" }"""));

        Assert.Empty(SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void Relaxing_constraints_is_compatible()
    {
        var current = Edit(s =>
        {
            var p = s["properties"]!;
            p["id"]!.AsObject().Remove("pattern");
            p["id"]!["maxLength"] = 100;
            p["status"]!["enum"] = new System.Text.Json.Nodes.JsonArray("open", "closed", "archived");
            p["roles"]!["minItems"] = 0;
            p["share"]!["maximum"] = 1000;
            s["required"] = Node("""["id", "status", "roles", "note_ref"]""");
            s["additionalProperties"] = true;
        });

        Assert.Empty(SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void A_removed_property_is_breaking_and_named()
    {
        var current = Edit(s => s["properties"]!.AsObject().Remove("status"));

        Assert.Equal([new BreakingChange("$.status", "property removed")], SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void A_removed_nested_property_is_breaking_and_named()
    {
        var current = Edit(s => s["properties"]!["extra"]!["properties"]!.AsObject().Remove("code"));

        Assert.Equal([new BreakingChange("$.extra.code", "property removed")], SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void A_retyped_property_is_breaking()
    {
        var current = Edit(s => s["properties"]!["status"]!["type"] = "integer");

        Assert.Contains(new BreakingChange("$.status", "type changed from string to integer"), SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void Making_a_nullable_property_non_nullable_is_breaking()
    {
        var current = Edit(s => s["properties"]!["note_ref"]!["type"] = "string");

        Assert.Equal([new BreakingChange("$.note_ref", "type changed from [null, string] to string")],
            SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void Making_a_property_nullable_is_breaking_for_typed_consumers()
    {
        var current = Edit(s => s["properties"]!["status"]!["type"] = Node("""["string", "null"]"""));

        Assert.Equal([new BreakingChange("$.status", "type changed from string to [null, string]")],
            SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void A_new_required_property_is_breaking()
    {
        var current = Edit(s =>
        {
            s["properties"]!["region"] = Node("""{ "type": "string" }""");
            s["required"]!.AsArray().Add("region");
        });

        Assert.Equal([new BreakingChange("$.region", "new required property")], SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void Making_an_optional_property_required_is_breaking()
    {
        var current = Edit(s => s["required"]!.AsArray().Add("extra"));

        Assert.Equal([new BreakingChange("$.extra", "property became required")], SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void Removing_an_enum_value_is_breaking_and_names_the_value()
    {
        var current = Edit(s => s["properties"]!["status"]!["enum"] = new System.Text.Json.Nodes.JsonArray("open"));

        Assert.Equal([new BreakingChange("$.status", "enum value(s) removed: \"closed\"")], SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void Removing_an_enum_value_of_array_items_is_breaking()
    {
        var current = Edit(s => s["properties"]!["roles"]!["items"]!["enum"] = new System.Text.Json.Nodes.JsonArray("b"));

        Assert.Equal([new BreakingChange("$.roles[*]", "enum value(s) removed: \"a\"")], SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void Adding_an_enum_where_any_string_was_allowed_is_breaking()
    {
        var current = Edit(s => s["properties"]!["extra"]!["properties"]!["code"]!["enum"] = new System.Text.Json.Nodes.JsonArray("x"));

        Assert.Equal([new BreakingChange("$.extra.code", "enum added: the values are now restricted")],
            SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Theory]
    [InlineData("id", "pattern", "\"^[a-z]{2}$\"", "pattern changed from \"^[a-z]\u002B$\" to \"^[a-z]{2}$\"")]
    [InlineData("status", "pattern", "\"^o\"", "pattern added: \"^o\"")]
    [InlineData("id", "format", "\"uuid\"", "format added: \"uuid\"")]
    [InlineData("id", "maxLength", "40", "maxLength lowered from 50 to 40")]
    [InlineData("note_ref", "minLength", "2", "minLength raised from 1 to 2")]
    [InlineData("share", "minimum", "1", "minimum raised from 0 to 1")]
    [InlineData("share", "maximum", "99.5", "maximum lowered from 100 to 99.5")]
    [InlineData("share", "exclusiveMaximum", "100", "exclusiveMaximum 100 added")]
    [InlineData("roles", "minItems", "2", "minItems raised from 1 to 2")]
    [InlineData("roles", "maxItems", "4", "maxItems 4 added")]
    [InlineData("roles", "uniqueItems", "true", "uniqueItems turned on")]
    [InlineData("share", "multipleOf", "0.5", "multipleOf 0.5 added")]
    public void Tightening_a_constraint_is_breaking(string property, string keyword, string value, string reason)
    {
        var current = Edit(s => s["properties"]![property]![keyword] = Node(value));

        Assert.Equal([new BreakingChange($"$.{property}", reason)], SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void Turning_additional_properties_off_is_breaking()
    {
        var current = Edit(s => s["properties"]!["extra"]!["additionalProperties"] = false);

        Assert.Equal([new BreakingChange("$.extra", "additionalProperties changed to false: unknown properties are now rejected")],
            SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void Constraining_additional_properties_that_were_free_is_breaking()
    {
        var current = Edit(s => s["properties"]!["extra"]!["additionalProperties"] = Node("""{ "type": "string" }"""));

        Assert.Equal([new BreakingChange("$.extra.*", "schema narrowed from any value")], SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void A_keyword_the_check_does_not_understand_is_breaking_when_it_changes()
    {
        var current = Edit(s => s["properties"]!["id"]!["oneOf"] = Node("""[{ "maxLength": 3 }, { "minLength": 10 }]"""));

        Assert.Equal([new BreakingChange("$.id", "keyword oneOf added: this check cannot prove that compatible")],
            SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void Changing_the_schema_id_is_breaking()
    {
        var current = Edit(s => s["$id"] = "https://schemas.onboarding-kyc.dev/test/thing.happened.v2.json");

        Assert.Equal([new BreakingChange("$", "keyword $id changed: this check cannot prove that compatible")],
            SchemaCompatibility.FindBreakingChanges(Frozen, current));
    }

    [Fact]
    public void Every_breaking_change_is_reported_not_just_the_first()
    {
        var current = Edit(s =>
        {
            s["properties"]!.AsObject().Remove("status");
            s["properties"]!["id"]!["type"] = "integer";
            s["properties"]!["region"] = Node("""{ "type": "string" }""");
            s["required"]!.AsArray().Add("region");
        });

        var changes = SchemaCompatibility.FindBreakingChanges(Frozen, current);

        Assert.Contains(new BreakingChange("$.status", "property removed"), changes);
        Assert.Contains(new BreakingChange("$.id", "type changed from string to integer"), changes);
        Assert.Contains(new BreakingChange("$.region", "new required property"), changes);
    }

    [Fact]
    public void Text_that_is_not_json_throws()
    {
        Assert.ThrowsAny<JsonException>(() => SchemaCompatibility.FindBreakingChanges(Frozen, "{"));
    }

    [Fact]
    public void Every_registered_schema_is_compatible_with_itself()
    {
        Assert.All(EventRegistry.All, c => Assert.Empty(SchemaCompatibility.FindBreakingChanges(c.SchemaJson, c.SchemaJson)));
    }

    private static System.Text.Json.Nodes.JsonNode Node(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!;

    private static string Edit(Action<System.Text.Json.Nodes.JsonObject> change)
    {
        var schema = Node(Frozen).AsObject();
        change(schema);
        return schema.ToJsonString();
    }
}
