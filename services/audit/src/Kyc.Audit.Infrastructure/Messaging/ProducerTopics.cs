using Kyc.Contracts;

namespace Kyc.Audit.Infrastructure.Messaging;

/// <summary>
/// Where each producer publishes (<c>Audit:ProducerTopicFormat</c>, default <see cref="EventProvenance.DefaultTopicFormat"/>):
/// what ingestion compares an event's topic with, and where a replay job with original topics re-publishes it.
/// </summary>
public sealed record ProducerTopics(string Format)
{
    public string For(EventContract contract) => EventProvenance.ProducerTopic(contract, Format);
}
