using System.Text;

namespace Kyc.Messaging.DeadLetters;

/// <summary>Dead letters are kept per consumer group, in topic <c>kyc.dlq.&lt;consumer group&gt;</c>.</summary>
public static class DeadLetterTopics
{
    public const string Prefix = "kyc.dlq.";

    /// <summary>
    /// <c>kyc.dlq.</c> + the group id, with characters Kafka does not allow in topic names (anything but ASCII letters,
    /// digits, <c>.</c>, <c>_</c>, <c>-</c>) replaced by <c>_</c>, cut to Kafka's 249-character limit.
    /// </summary>
    public static string For(string consumerGroup)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerGroup);
        var name = new StringBuilder(Prefix.Length + consumerGroup.Length).Append(Prefix);
        foreach (var c in consumerGroup) name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        return name.Length > 249 ? name.ToString(0, 249) : name.ToString();
    }
}
