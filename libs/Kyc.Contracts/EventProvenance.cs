using System.Text.Json;

namespace Kyc.Contracts;

/// <summary>
/// Checks that an event comes from the service the registry says produces its type (docs/security.md, "Event provenance"):
/// read from that producer's topic, with that producer's <c>ce_source</c>, and with a <c>ce_partnerid</c> equal to the
/// <c>partner_id</c> of its data. A service that may only write its own topic cannot then pass off events of another
/// producer's type, nor one partner's events as another's. Messages name the expected and actual attributes, never data values.
/// </summary>
public static class EventProvenance
{
    /// <summary>The topic-name format of the platform: <c>kyc.{producer}.events</c> (<see cref="EventNames.TopicFor"/>).</summary>
    public const string DefaultTopicFormat = "kyc.{producer}.events";

    public const string ProducerPlaceholder = "{producer}";

    /// <summary>The mismatches between an event's attributes and its registered producer (none: it is what it claims).</summary>
    /// <param name="contract">The registered contract of the event's <c>ce_type</c>.</param>
    /// <param name="topic">Where it was read.</param>
    /// <param name="source">Its <c>ce_source</c>.</param>
    /// <param name="partnerId">Its <c>ce_partnerid</c>.</param>
    /// <param name="data">Its data (UTF-8 JSON); when it has a top-level string <c>partner_id</c>, that must equal <paramref name="partnerId"/>.</param>
    /// <param name="topicFormat">The producer's topic name with <see cref="ProducerPlaceholder"/> (another namespace in tests).</param>
    public static IReadOnlyList<string> Check(EventContract contract, string topic, string source, string partnerId, ReadOnlySpan<byte> data,
        string topicFormat = DefaultTopicFormat)
    {
        var mismatches = new List<string>();
        var producerTopic = ProducerTopic(contract, topicFormat);
        if (!string.Equals(topic, producerTopic, StringComparison.Ordinal))
            mismatches.Add($"{contract.CloudEventType} is produced by {contract.Producer} on {producerTopic}, not on {topic}");
        if (!string.Equals(source, contract.Source, StringComparison.Ordinal))
            mismatches.Add($"ce_source of {contract.CloudEventType} must be {contract.Source} (its producer)");
        if (DataPartnerId(data) is { } dataPartner && !string.Equals(dataPartner, partnerId, StringComparison.Ordinal))
            mismatches.Add("ce_partnerid is not the partner_id of the data");
        return mismatches;
    }

    /// <summary>The topic the producer of <paramref name="contract"/> publishes to, in <paramref name="topicFormat"/>.</summary>
    public static string ProducerTopic(EventContract contract, string topicFormat = DefaultTopicFormat)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(topicFormat);
        if (!topicFormat.Contains(ProducerPlaceholder, StringComparison.Ordinal))
            throw new ArgumentException($"The topic format must contain {ProducerPlaceholder}.", nameof(topicFormat));
        return topicFormat.Replace(ProducerPlaceholder, contract.Producer, StringComparison.Ordinal);
    }

    /// <summary>The top-level string <c>partner_id</c> of a JSON object, or null (no such property, or not JSON).</summary>
    public static string? DataPartnerId(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isPartner = reader.ValueTextEquals("partner_id"u8);
                if (!reader.Read()) return null;
                if (isPartner) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
