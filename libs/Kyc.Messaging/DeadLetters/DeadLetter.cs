using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;

namespace Kyc.Messaging.DeadLetters;

/// <summary>
/// A message read from a dead-letter topic: where it came from and why it failed, and the original message to replay
/// (for the operator tools: inspect, replay to <see cref="OriginalTopic"/>, purge).
/// </summary>
public sealed record DeadLetter(
    string? OriginalTopic,
    int? OriginalPartition,
    long? OriginalOffset,
    string? ConsumerGroup,
    string? Reason,
    string? Error,
    int? Attempts,
    DateTimeOffset? FailedAt,
    string? EventId,
    Message<byte[]?, byte[]?> Original)
{
    /// <summary>Reads the <c>dlq_*</c> headers; <see cref="Original"/> is the message without them.</summary>
    public static DeadLetter From(Message<byte[]?, byte[]?> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = message.Headers;
        string? Text(string name) => KafkaCloudEventBinding.TryGetHeader(headers, name);
        int? Int(string name) => int.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        long? Long(string name) => long.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        DateTimeOffset? Time(string name) =>
            DateTimeOffset.TryParse(Text(name), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var v) ? v : null;

        var original = new Headers();
        foreach (var header in headers ?? [])
        {
            if (!header.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal)) original.Add(header.Key, header.GetValueBytes());
        }
        return new DeadLetter(
            Text(DeadLetterHeaders.OriginalTopic), Int(DeadLetterHeaders.OriginalPartition), Long(DeadLetterHeaders.OriginalOffset),
            Text(DeadLetterHeaders.ConsumerGroup), Text(DeadLetterHeaders.Reason), Text(DeadLetterHeaders.Error), Int(DeadLetterHeaders.Attempts),
            Time(DeadLetterHeaders.FailedAt), Text(KafkaCloudEventBinding.IdHeader),
            new Message<byte[]?, byte[]?> { Key = message.Key, Value = message.Value, Headers = original });
    }

    /// <summary>The message to put on a dead-letter topic for <paramref name="failed"/>.</summary>
    internal static Message<byte[]?, byte[]?> Create(
        ConsumeResult<byte[]?, byte[]?> failed, string consumerGroup, string reason, Exception error, int attempts, DateTimeOffset failedAt)
    {
        var headers = new Headers();
        foreach (var header in failed.Message.Headers ?? [])
        {
            if (!header.Key.StartsWith(DeadLetterHeaders.Prefix, StringComparison.Ordinal)) headers.Add(header.Key, header.GetValueBytes());
        }
        void Add(string name, string value) => headers.Add(name, Encoding.UTF8.GetBytes(value));
        Add(DeadLetterHeaders.Error, DescribeError(error));
        Add(DeadLetterHeaders.Reason, reason);
        Add(DeadLetterHeaders.ConsumerGroup, consumerGroup);
        Add(DeadLetterHeaders.OriginalTopic, failed.Topic);
        Add(DeadLetterHeaders.OriginalPartition, failed.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(DeadLetterHeaders.OriginalOffset, failed.Offset.Value.ToString(CultureInfo.InvariantCulture));
        Add(DeadLetterHeaders.Attempts, attempts.ToString(CultureInfo.InvariantCulture));
        Add(DeadLetterHeaders.FailedAt, KafkaCloudEventBinding.FormatTime(failedAt));
        return new Message<byte[]?, byte[]?> { Key = failed.Message.Key, Value = failed.Message.Value, Headers = headers };
    }

    /// <summary><c>Type: message</c> on one line, truncated; never a stack trace.</summary>
    internal static string DescribeError(Exception error)
    {
        var text = $"{error.GetType().FullName}: {error.Message}".ReplaceLineEndings(" ");
        return text.Length <= DeadLetterHeaders.MaxErrorLength ? text : string.Concat(text.AsSpan(0, DeadLetterHeaders.MaxErrorLength - 1), "…");
    }
}
