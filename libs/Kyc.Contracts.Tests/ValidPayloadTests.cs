using System.Text;
using System.Text.Json;
using Kyc.Contracts.Onboarding;

namespace Kyc.Contracts.Tests;

/// <summary>What a producer publishes (a record serialised with <see cref="ContractJson.Options"/>) validates, and reads back.</summary>
public sealed class ValidPayloadTests
{
    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void A_serialised_record_validates_against_its_schema(string cloudEventType)
    {
        var contract = EventRegistry.Find(cloudEventType)!;
        var json = JsonSerializer.Serialize(Samples.ByDataType[contract.DataType], contract.DataType, ContractJson.Options);

        Assert.Empty(EventSchemaValidator.Validate(cloudEventType, json));
        Assert.Empty(EventSchemaValidator.Validate(cloudEventType, JsonDocument.Parse(json).RootElement));
        Assert.Empty(EventSchemaValidator.Validate(cloudEventType, Encoding.UTF8.GetBytes(json)));
        Assert.Empty(EventSchemaValidator.Validate(Samples.ByDataType[contract.DataType])); // statically an object
    }

    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void A_payload_reads_back_into_its_record_unchanged(string cloudEventType)
    {
        var contract = EventRegistry.Find(cloudEventType)!;
        var json = JsonSerializer.Serialize(Samples.ByDataType[contract.DataType], contract.DataType, ContractJson.Options);

        var read = JsonSerializer.Deserialize(json, contract.DataType, ContractJson.Options);

        Assert.IsType(contract.DataType, read);
        Assert.Equal(json, JsonSerializer.Serialize(read, contract.DataType, ContractJson.Options));
    }

    [Fact]
    public void The_generic_overload_validates_a_record_against_its_registered_schema()
    {
        Assert.Empty(EventSchemaValidator.Validate((CaseCreatedV1)Samples.ByDataType[typeof(CaseCreatedV1)]));

        var tooHigh = (PartyAddedV1)Samples.ByDataType[typeof(PartyAddedV1)] with { OwnershipPercentage = 100.01m };
        Assert.Equal([new SchemaError("$.ownership_percentage", "is above the maximum")], EventSchemaValidator.Validate(tooHigh));
    }

    [Fact]
    public void Names_are_snake_case_and_null_fields_are_written_as_null()
    {
        var created = (CaseCreatedV1)Samples.ByDataType[typeof(CaseCreatedV1)] with { ExternalReference = null };

        var json = JsonSerializer.Serialize(created, ContractJson.Options);

        Assert.Equal(
            """{"case_id":"eu-3f2b9c1e-7a4d-4e8b-9c61-0d5e2f7a8b90","partner_id":"partner-acme-bank","version":1,"occurred_at":"2025-03-14T09:26:53.589+00:00","region":"eu","status":"draft","jurisdiction":"DE","entity_type":"private_limited_company","external_reference":null}""",
            json);
        Assert.Empty(EventSchemaValidator.Validate(created));
    }

    [Theory]
    [InlineData("2025-03-14T09:26:53Z")]
    [InlineData("2025-03-14T09:26:53.5893127+01:00")]
    [InlineData("2025-03-14t09:26:53z")]
    public void Any_rfc_3339_timestamp_is_accepted(string occurredAt)
    {
        var data = Json.SampleObject("kyc.onboarding.case.submitted.v1");
        data["occurred_at"] = occurredAt;

        Assert.Empty(EventSchemaValidator.Validate("kyc.onboarding.case.submitted.v1", data.ToJsonString()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(12.345)]
    public void Ownership_percentage_takes_any_number_from_0_to_100(double percentage)
    {
        var party = (PartyAddedV1)Samples.ByDataType[typeof(PartyAddedV1)] with { OwnershipPercentage = (decimal)percentage };

        Assert.Empty(EventSchemaValidator.Validate(party));
    }

    [Fact]
    public void A_corporate_party_with_every_role_validates()
    {
        var party = (PartyUpdatedV1)Samples.ByDataType[typeof(PartyUpdatedV1)] with
        {
            PartyType = PartyTypes.Corporate,
            Roles = PartyRoles.All,
            OwnershipPercentage = 100m,
        };

        Assert.Empty(EventSchemaValidator.Validate(party));
    }

    [Fact]
    public void A_consumer_ignores_a_field_it_does_not_know()
    {
        // What a consumer built against v1 sees when v1 later gains an optional field.
        var data = Json.SampleObject("kyc.onboarding.party.removed.v1");
        data["added_later"] = "x";

        var read = JsonSerializer.Deserialize<PartyRemovedV1>(data.ToJsonString(), ContractJson.Options);

        Assert.Equal(Samples.ByDataType[typeof(PartyRemovedV1)], read);
    }
}
