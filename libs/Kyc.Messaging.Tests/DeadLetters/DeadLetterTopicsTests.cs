using Kyc.Messaging.DeadLetters;
using Xunit;

namespace Kyc.Messaging.Tests.DeadLetters;

public sealed class DeadLetterTopicsTests
{
    [Theory]
    [InlineData("audit", "kyc.dlq.audit")]
    [InlineData("kyc.projections-v2", "kyc.dlq.kyc.projections-v2")]
    [InlineData("webhooks/partner:1 a", "kyc.dlq.webhooks_partner_1_a")]
    public void The_dead_letter_topic_is_kyc_dlq_and_the_group_with_invalid_characters_replaced(string group, string topic) =>
        Assert.Equal(topic, DeadLetterTopics.For(group));

    [Fact]
    public void The_topic_name_never_exceeds_the_Kafka_limit() =>
        Assert.Equal(249, DeadLetterTopics.For(new string('g', 400)).Length);
}
