using System.Text.Json.Nodes;
using Kyc.Contracts.Onboarding;

namespace Kyc.Contracts.Tests;

public sealed class EventRegistryTests
{
    [Fact]
    public void Case_created_v1_is_named_as_the_platform_names_events()
    {
        var contract = EventRegistry.For<CaseCreatedV1>();

        Assert.Equal("onboarding", contract.Producer);
        Assert.Equal("case.created", contract.Type);
        Assert.Equal(1, contract.Version);
        Assert.Equal("kyc.onboarding.case.created.v1", contract.CloudEventType);
        Assert.Equal("kyc.onboarding.events", contract.Topic);
        Assert.Equal("/onboarding", contract.Source);
        Assert.Equal(new Uri("https://schemas.onboarding-kyc.dev/onboarding/case.created.v1.json"), contract.DataSchema);
        Assert.Equal("onboarding/case.created.v1.json", contract.SchemaPath);
        Assert.Equal(typeof(CaseCreatedV1), contract.DataType);
    }

    [Fact]
    public void Registry_holds_the_ten_onboarding_events()
    {
        string[] expected =
        [
            "kyc.onboarding.case.approved.v1", "kyc.onboarding.case.created.v1", "kyc.onboarding.case.info_requested.v1",
            "kyc.onboarding.case.rejected.v1", "kyc.onboarding.case.review_started.v1", "kyc.onboarding.case.submitted.v1",
            "kyc.onboarding.case.updated.v1", "kyc.onboarding.party.added.v1", "kyc.onboarding.party.removed.v1",
            "kyc.onboarding.party.updated.v1",
        ];

        Assert.Equal(expected, EventRegistry.All.Select(c => c.CloudEventType).Order(StringComparer.Ordinal));
        Assert.Equal(EventRegistry.All, EventRegistry.ByProducer(EventRegistry.Onboarding));
    }

    [Fact]
    public void Cloud_event_types_and_payload_records_are_unique()
    {
        Assert.Equal(EventRegistry.All.Count, EventRegistry.All.Select(c => c.CloudEventType).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(EventRegistry.All.Count, EventRegistry.All.Select(c => c.DataType).Distinct().Count());
    }

    [Fact]
    public void Every_topic_is_its_producers_topic()
    {
        Assert.All(EventRegistry.All, c => Assert.Equal($"kyc.{c.Producer}.events", c.Topic));
    }

    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void Find_returns_the_contract_of_a_cloud_event_type(string cloudEventType)
    {
        var contract = EventRegistry.Find(cloudEventType);

        Assert.NotNull(contract);
        Assert.Equal(cloudEventType, contract.CloudEventType);
        Assert.Same(contract, EventRegistry.For(contract.DataType));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("kyc.onboarding.case.created")]
    [InlineData("kyc.onboarding.case.created.v2")]
    [InlineData("KYC.ONBOARDING.CASE.CREATED.V1")]
    [InlineData("kyc.onboarding.case.deleted.v1")]
    public void Find_returns_null_for_a_type_that_is_not_published(string? cloudEventType)
    {
        Assert.Null(EventRegistry.Find(cloudEventType));
    }

    [Fact]
    public void For_a_type_that_is_not_a_payload_record_throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EventRegistry.For<string>());
        Assert.Contains("System.String", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void Every_contract_has_its_schema_file_with_matching_id_and_title(string cloudEventType)
    {
        var contract = EventRegistry.Find(cloudEventType)!;

        var schema = Json.Schema(contract);

        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)schema["$schema"]);
        Assert.Equal(contract.DataSchema.ToString(), (string?)schema["$id"]);
        Assert.Equal(contract.CloudEventType, (string?)schema["title"]);
        Assert.Equal("object", (string?)schema["type"]);
        Assert.False((bool?)schema["additionalProperties"]);
    }

    [Fact]
    public void Every_schema_file_is_registered_and_every_contract_has_a_file()
    {
        Assert.Equal(
            EventRegistry.All.Select(c => c.SchemaPath).Order(StringComparer.Ordinal),
            EventSchemas.Paths.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Samples.CloudEventTypes), MemberType = typeof(Samples))]
    public void Every_contract_has_a_sealed_payload_record_named_after_its_type_and_version(string cloudEventType)
    {
        var contract = EventRegistry.Find(cloudEventType)!;
        var expectedName = string.Concat(contract.Type.Split('.', '_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]))
            + $"V{contract.Version}";
        var expectedNamespace = "Kyc.Contracts." + char.ToUpperInvariant(contract.Producer[0]) + contract.Producer[1..];

        Assert.Equal(expectedName, contract.DataType.Name);
        Assert.Equal(expectedNamespace, contract.DataType.Namespace);
        Assert.True(contract.DataType.IsSealed);
        Assert.NotNull(contract.DataType.GetMethod("<Clone>$")); // a record
        Assert.True(Samples.ByDataType.ContainsKey(contract.DataType), $"Add a sample of {contract.DataType.Name} to Samples.");
    }

    [Fact]
    public void Every_onboarding_record_carries_the_case_fields()
    {
        Assert.All(EventRegistry.ByProducer(EventRegistry.Onboarding),
            c => Assert.True(typeof(IOnboardingEvent).IsAssignableFrom(c.DataType), $"{c.DataType.Name} must implement IOnboardingEvent"));
    }

    [Theory]
    [InlineData("Onboarding", "case.created")]
    [InlineData("onboarding", "Case.Created")]
    [InlineData("onboarding", "case")]
    [InlineData("onboarding", "case.created.v1")]
    [InlineData("on boarding", "case.created")]
    public void A_contract_with_a_malformed_name_cannot_be_created(string producer, string type)
    {
        Assert.Throws<ArgumentException>(() => new EventContract(producer, type, 1, typeof(CaseCreatedV1)));
    }

    [Fact]
    public void Reading_a_schema_that_does_not_exist_names_it()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => EventSchemas.Read("onboarding/case.created.v9.json"));
        Assert.Contains("schemas/onboarding/case.created.v9.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_value_sets_equal_the_constants_producers_use()
    {
        static string[] EnumOf(JsonNode? node) => node!["enum"]!.AsArray().Select(v => (string)v!).ToArray();
        var created = Json.Schema(EventRegistry.For<CaseCreatedV1>())["properties"]!;
        var submitted = Json.Schema(EventRegistry.For<CaseSubmittedV1>())["properties"]!;
        var party = Json.Schema(EventRegistry.For<PartyAddedV1>())["properties"]!;

        Assert.Equal(CaseStatuses.All, EnumOf(created["status"]));
        Assert.Equal(CaseStatuses.All, EnumOf(submitted["previous_status"]));
        Assert.Equal(EntityTypes.All, EnumOf(created["entity_type"]));
        Assert.Equal(PartyTypes.All, EnumOf(party["party_type"]));
        Assert.Equal(PartyRoles.All, EnumOf(party["roles"]!["items"]));
    }
}
