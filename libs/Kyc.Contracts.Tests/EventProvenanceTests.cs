using System.Text;
using System.Text.Json;
using Kyc.Contracts.Onboarding;

namespace Kyc.Contracts.Tests;

public sealed class EventProvenanceTests
{
    private static readonly EventContract Created = EventRegistry.For<CaseCreatedV1>();

    private static byte[] Data(string partnerId) => JsonSerializer.SerializeToUtf8Bytes(
        new CaseCreatedV1("eu-0193f7a2-5b1c-7d3e-9f00-0123456789ab", partnerId, 1, DateTimeOffset.UnixEpoch, "eu", CaseStatuses.Draft, "DE",
            EntityTypes.PrivateLimitedCompany, null), ContractJson.Options);

    [Fact]
    public void An_event_from_its_producers_topic_and_source_with_its_own_partner_passes()
    {
        Assert.Empty(EventProvenance.Check(Created, "kyc.onboarding.events", "/onboarding", "partner-a", Data("partner-a")));
    }

    [Fact]
    public void Topic_source_and_partner_mismatches_are_each_named_without_data_values()
    {
        var mismatches = EventProvenance.Check(Created, "kyc.risk.events", "/risk", "partner-b", Data("partner-a"));

        Assert.Equal(
        [
            "kyc.onboarding.case.created.v1 is produced by onboarding on kyc.onboarding.events, not on kyc.risk.events",
            "ce_source of kyc.onboarding.case.created.v1 must be /onboarding (its producer)",
            "ce_partnerid is not the partner_id of the data",
        ], mismatches);
    }

    [Fact]
    public void Another_topic_namespace_keeps_the_producer_in_the_name()
    {
        Assert.Equal("test.x.onboarding.events", EventProvenance.ProducerTopic(Created, "test.x.{producer}.events"));
        Assert.Throws<ArgumentException>(() => EventProvenance.ProducerTopic(Created, "test.x.events"));
    }

    [Theory]
    [InlineData("{\"case_id\": \"c\", \"partner_id\": \"p-1\"}", "p-1")]
    [InlineData("{\"nested\": {\"partner_id\": \"inner\"}, \"partner_id\": \"outer\"}", "outer")]
    [InlineData("{\"nested\": {\"partner_id\": \"inner\"}}", null)]
    [InlineData("{\"partner_id\": 7}", null)]
    [InlineData("[\"partner_id\"]", null)]
    [InlineData("not json", null)]
    public void The_datas_partner_id_is_its_top_level_string(string json, string? expected)
    {
        Assert.Equal(expected, EventProvenance.DataPartnerId(Encoding.UTF8.GetBytes(json)));
    }
}
