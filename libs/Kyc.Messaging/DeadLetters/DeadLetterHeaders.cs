namespace Kyc.Messaging.DeadLetters;

/// <summary>
/// Headers a dead-lettered message carries besides the original key, value and headers. All values are UTF-8 text.
/// </summary>
public static class DeadLetterHeaders
{
    /// <summary>Every dead-letter header starts with this; a replay removes them all.</summary>
    public const string Prefix = "dlq_";

    /// <summary>Exception type and message of the last failure (no stack trace), at most <see cref="MaxErrorLength"/> characters.</summary>
    public const string Error = "dlq_error";

    /// <summary>Why: <see cref="DeadLetterReasons"/>.</summary>
    public const string Reason = "dlq_reason";

    public const string ConsumerGroup = "dlq_consumer_group";
    public const string OriginalTopic = "dlq_original_topic";
    public const string OriginalPartition = "dlq_original_partition";
    public const string OriginalOffset = "dlq_original_offset";

    /// <summary>How many times the handler ran (0 when the message could not even be read as an event).</summary>
    public const string Attempts = "dlq_attempts";

    /// <summary>When it was dead-lettered, RFC 3339 UTC.</summary>
    public const string FailedAt = "dlq_failed_at";

    public const int MaxErrorLength = 1000;
}

/// <summary>Values of <see cref="DeadLetterHeaders.Reason"/>.</summary>
public static class DeadLetterReasons
{
    /// <summary>Not a valid CloudEvent of the platform (missing or malformed <c>ce_*</c> header, id not a UUID, data not JSON): never retried.</summary>
    public const string Malformed = "malformed";

    /// <summary>The handler threw <c>PermanentEventFailureException</c>: never retried.</summary>
    public const string Permanent = "permanent";

    /// <summary>The handler kept failing until the attempt budget ran out.</summary>
    public const string RetriesExhausted = "retries_exhausted";
}
