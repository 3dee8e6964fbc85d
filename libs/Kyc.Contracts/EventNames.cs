using System.Text.RegularExpressions;

namespace Kyc.Contracts;

/// <summary>Naming rules shared by every event: producers, event types, topics.</summary>
public static partial class EventNames
{
    /// <summary>The Kafka topic of a producing service: <c>kyc.&lt;producer&gt;.events</c>.</summary>
    public static string TopicFor(string producer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(producer);
        return $"kyc.{producer}.events";
    }

    /// <summary>The CloudEvents <c>source</c> of a producing service: <c>/&lt;producer&gt;</c>.</summary>
    public static string SourceFor(string producer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(producer);
        return $"/{producer}";
    }

    internal static bool IsProducer(string producer) => ProducerPattern().IsMatch(producer);

    internal static bool IsEventType(string type) => EventTypePattern().IsMatch(type);

    [GeneratedRegex(@"^[a-z][a-z-]*[a-z]\z", RegexOptions.CultureInvariant)]
    private static partial Regex ProducerPattern();

    [GeneratedRegex(@"^[a-z][a-z_]*(\.[a-z][a-z_]*)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EventTypePattern();
}
