using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kyc.Contracts.Onboarding;

namespace Kyc.Contracts.Tests;

/// <summary>Known-bad payloads fail, with the path of the field and a message that never repeats the value.</summary>
public sealed class InvalidPayloadTests
{
    private const string Created = "kyc.onboarding.case.created.v1";
    private const string PartyAdded = "kyc.onboarding.party.added.v1";
    private const string Approved = "kyc.onboarding.case.approved.v1";

    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void Every_missing_required_field_is_reported(string cloudEventType)
    {
        var required = Json.Schema(EventRegistry.Find(cloudEventType)!)["required"]!.AsArray().Select(n => (string)n!);
        foreach (var field in required)
        {
            var data = Json.SampleObject(cloudEventType);
            data.Remove(field);

            Assert.Equal([new SchemaError($"$.{field}", "is required")], EventSchemaValidator.Validate(cloudEventType, data.ToJsonString()));
        }
    }

    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void An_extra_field_is_rejected(string cloudEventType)
    {
        var data = Json.SampleObject(cloudEventType);
        data["first_name"] = "Jane";

        Assert.Equal([new SchemaError("$.first_name", "is not a property of this event")],
            EventSchemaValidator.Validate(cloudEventType, data.ToJsonString()));
    }

    [Fact]
    public void A_nullable_field_must_still_be_present()
    {
        var data = Json.SampleObject(Created);
        data.Remove("external_reference");

        Assert.Equal([new SchemaError("$.external_reference", "is required")], EventSchemaValidator.Validate(Created, data.ToJsonString()));
    }

    [Fact]
    public void Null_is_rejected_where_the_field_is_not_nullable()
    {
        var data = Json.SampleObject(Created);
        data["jurisdiction"] = null;

        Assert.Equal([new SchemaError("$.jurisdiction", "must be a string")], EventSchemaValidator.Validate(Created, data.ToJsonString()));
    }

    [Theory]
    [InlineData("status", "closed")]
    [InlineData("status", "Draft")]
    [InlineData("entity_type", "gmbh")]
    public void A_value_outside_an_enum_is_rejected(string field, string value)
    {
        var data = Json.SampleObject(Created);
        data[field] = value;

        Assert.Equal([new SchemaError($"$.{field}", "is not one of the allowed values")], EventSchemaValidator.Validate(Created, data.ToJsonString()));
    }

    [Theory]
    [InlineData("3f2b9c1e-7a4d-4e8b-9c61-0d5e2f7a8b90")]
    [InlineData("EU-3f2b9c1e-7a4d-4e8b-9c61-0d5e2f7a8b90")]
    [InlineData("eu-3F2B9C1E-7A4D-4E8B-9C61-0D5E2F7A8B90")]
    [InlineData("eu-3f2b9c1e7a4d4e8b9c610d5e2f7a8b90")]
    [InlineData("eu-3f2b9c1e-7a4d-4e8b-9c61-0d5e2f7a8b90\n")]
    [InlineData(" eu-3f2b9c1e-7a4d-4e8b-9c61-0d5e2f7a8b90")]
    [InlineData("eur-3f2b9c1e-7a4d-4e8b-9c61-0d5e2f7a8b90")]
    public void A_malformed_case_id_is_rejected(string caseId)
    {
        var data = Json.SampleObject(Created);
        data["case_id"] = caseId;

        Assert.Equal([new SchemaError("$.case_id", "does not match the required pattern")], EventSchemaValidator.Validate(Created, data.ToJsonString()));
    }

    [Theory]
    [InlineData("de")]
    [InlineData("DEU")]
    [InlineData("D")]
    public void A_jurisdiction_that_is_not_iso_alpha_2_is_rejected(string jurisdiction)
    {
        var data = Json.SampleObject(Created);
        data["jurisdiction"] = jurisdiction;

        Assert.Equal([new SchemaError("$.jurisdiction", "does not match the required pattern")], EventSchemaValidator.Validate(Created, data.ToJsonString()));
    }

    [Theory]
    [InlineData("\"1\"", "must be an integer")]
    [InlineData("1.5", "must be an integer")]
    [InlineData("0", "is below the minimum")]
    public void A_version_that_is_not_a_positive_integer_is_rejected(string version, string message)
    {
        var data = Json.SampleObject(Created);
        data["version"] = JsonNode.Parse(version);

        Assert.Equal([new SchemaError("$.version", message)], EventSchemaValidator.Validate(Created, data.ToJsonString()));
    }

    [Theory]
    [InlineData("2025")]
    [InlineData("2025-03-14")]
    [InlineData("2025-03-14T09:26:53")]
    [InlineData("2025-03-14 09:26:53Z")]
    [InlineData("14/03/2025 09:26")]
    [InlineData("yesterday")]
    public void A_timestamp_that_is_not_rfc_3339_with_an_offset_is_rejected(string occurredAt)
    {
        var data = Json.SampleObject(Created);
        data["occurred_at"] = occurredAt;

        var errors = EventSchemaValidator.Validate(Created, data.ToJsonString());

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("$.occurred_at", e.Path));
    }

    [Theory]
    [InlineData("[]", "has too few items")]
    [InlineData("[\"director\",\"director\"]", "has duplicate items")]
    [InlineData("\"director\"", "must be an array")]
    public void Roles_must_be_a_non_empty_set(string roles, string message)
    {
        var data = Json.SampleObject(PartyAdded);
        data["roles"] = JsonNode.Parse(roles);

        Assert.Equal([new SchemaError("$.roles", message)], EventSchemaValidator.Validate(PartyAdded, data.ToJsonString()));
    }

    [Fact]
    public void An_unknown_role_is_reported_at_its_index()
    {
        var data = Json.SampleObject(PartyAdded);
        data["roles"] = new JsonArray("director", "ceo");

        Assert.Equal([new SchemaError("$.roles[1]", "is not one of the allowed values")], EventSchemaValidator.Validate(PartyAdded, data.ToJsonString()));
    }

    [Theory]
    [InlineData("-0.01", "is below the minimum")]
    [InlineData("100.5", "is above the maximum")]
    [InlineData("\"50\"", "must be a number")]
    public void Ownership_percentage_out_of_range_or_not_a_number_is_rejected(string percentage, string message)
    {
        var data = Json.SampleObject(PartyAdded);
        data["ownership_percentage"] = JsonNode.Parse(percentage);

        Assert.Equal([new SchemaError("$.ownership_percentage", message)], EventSchemaValidator.Validate(PartyAdded, data.ToJsonString()));
    }

    [Theory]
    [InlineData("8C1D2E3F-4A5B-4C6D-8E7F-901A2B3C4D5E")]
    [InlineData("8c1d2e3f4a5b4c6d8e7f901a2b3c4d5e")]
    [InlineData("party-1")]
    public void A_party_id_that_is_not_a_lowercase_uuid_is_rejected(string partyId)
    {
        var data = Json.SampleObject(PartyAdded);
        data["party_id"] = partyId;

        var errors = EventSchemaValidator.Validate(PartyAdded, data.ToJsonString());

        Assert.Contains(new SchemaError("$.party_id", "does not match the required pattern"), errors);
    }

    [Fact]
    public void An_external_reference_over_100_characters_is_rejected()
    {
        var data = Json.SampleObject(Created);
        data["external_reference"] = new string('r', 101);

        Assert.Equal([new SchemaError("$.external_reference", "is too long")], EventSchemaValidator.Validate(Created, data.ToJsonString()));
    }

    [Theory]
    [InlineData("decided_by", "jane.doe@bank.example")]
    [InlineData("decided_by", "Jane Doe")]
    [InlineData("decided_by", "")]
    [InlineData("reason_code", "Customer could not prove their address")]
    [InlineData("reason_code", "x")]
    public void Operator_and_reason_fields_hold_identifiers_not_names_or_free_text(string field, string value)
    {
        var data = Json.SampleObject(Approved);
        data[field] = value;

        var errors = EventSchemaValidator.Validate(Approved, data.ToJsonString());

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal($"$.{field}", e.Path));
    }

    [Fact]
    public void Error_messages_never_repeat_the_rejected_value()
    {
        var data = Json.SampleObject(Approved);
        data["decided_by"] = "Jane Doe <jane.doe@bank.example>";
        data["reason_code"] = "Jane Doe has no passport";

        var errors = EventSchemaValidator.Validate(Approved, data.ToJsonString());

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.DoesNotContain("Jane", e.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Changed_fields_must_name_at_least_one_field()
    {
        var data = Json.SampleObject("kyc.onboarding.case.updated.v1");
        data["changed_fields"] = new JsonArray();

        Assert.Equal([new SchemaError("$.changed_fields", "has too few items")],
            EventSchemaValidator.Validate("kyc.onboarding.case.updated.v1", data.ToJsonString()));
    }

    [Theory]
    [InlineData("kyc.onboarding.case.deleted.v1")]
    [InlineData("kyc.onboarding.case.created.v2")]
    [InlineData("")]
    public void An_unknown_event_type_is_an_error(string cloudEventType)
    {
        var errors = EventSchemaValidator.Validate(cloudEventType, "{}");

        var error = Assert.Single(errors);
        Assert.Equal("$", error.Path);
        Assert.Contains("unknown event type", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"case_id\": 'x'}")]
    [InlineData("{} {}")]
    [InlineData("{\"a\":1,}")]
    public void Text_that_is_not_json_is_an_error_not_an_exception(string data)
    {
        var error = Assert.Single(EventSchemaValidator.Validate(Created, data));

        Assert.Equal(new SchemaError("$", "is not valid JSON (or a property appears twice)"), error);
    }

    [Fact]
    public void A_duplicated_property_is_rejected()
    {
        // Newtonsoft.Json keeps the last value, System.Text.Json readers may keep the first: never let them disagree.
        var json = Json.SampleObject(Created).ToJsonString();
        var duplicated = json.Insert(1, "\"status\":\"approved\",");

        Assert.Equal([new SchemaError("$", "is not valid JSON (or a property appears twice)")], EventSchemaValidator.Validate(Created, duplicated));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CaseCreatedV1>(duplicated, ContractJson.Options));
    }

    [Fact]
    public void A_payload_that_is_not_an_object_is_rejected()
    {
        Assert.Equal([new SchemaError("$", "must be an object")], EventSchemaValidator.Validate(Created, "[]"));
        Assert.Equal([new SchemaError("$", "must be an object")], EventSchemaValidator.Validate(Created, "null"));
    }

    [Fact]
    public void A_number_beyond_range_is_an_error_not_an_exception()
    {
        var data = Json.SampleObject(PartyAdded);
        data["ownership_percentage"] = JsonNode.Parse("1e400");

        Assert.NotEmpty(EventSchemaValidator.Validate(PartyAdded, data.ToJsonString()));
    }

    [Fact]
    public void Utf8_and_element_overloads_report_the_same_errors()
    {
        var data = Json.SampleObject(Created);
        data.Remove("region");
        var json = data.ToJsonString();

        Assert.Equal(EventSchemaValidator.Validate(Created, json), EventSchemaValidator.Validate(Created, Encoding.UTF8.GetBytes(json)));
        Assert.Equal(EventSchemaValidator.Validate(Created, json), EventSchemaValidator.Validate(Created, JsonDocument.Parse(json).RootElement));
    }

    [Fact]
    public void Reading_a_payload_without_a_required_field_fails()
    {
        var data = Json.SampleObject(Created);
        data.Remove("region");

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CaseCreatedV1>(data.ToJsonString(), ContractJson.Options));
    }

    [Fact]
    public void Reading_null_into_a_non_nullable_field_fails_and_so_does_writing_it()
    {
        var data = Json.SampleObject(Created);
        data["region"] = null;

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CaseCreatedV1>(data.ToJsonString(), ContractJson.Options));
        var broken = (CaseCreatedV1)Samples.ByDataType[typeof(CaseCreatedV1)] with { Region = null! };
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Serialize(broken, ContractJson.Options));
    }
}
