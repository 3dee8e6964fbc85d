using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Kyc.Messaging.Diagnostics;

/// <summary>The library's log events. Never the message payload or key: they may carry personal data.</summary>
internal static partial class MessagingLog
{
    public static void Client(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            // Set on purpose by the strict-ordering producer; librdkafka warns about it at every start.
            _ when message.Facility == "CONFWARN" && message.Message.Contains("enable.gapless.guarantee is experimental", StringComparison.Ordinal) => LogLevel.Debug,
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        ClientLog(logger, level, message.Name, message.Facility, message.Message);
    }

    [LoggerMessage(EventId = 7000, Message = "librdkafka {kafka_client} {kafka_facility}: {kafka_message}")]
    private static partial void ClientLog(ILogger logger, LogLevel level, string kafka_client, string kafka_facility, string kafka_message);

    public static void ClientError(ILogger logger, string client, ErrorCode code, string reason, bool fatal)
    {
        if (fatal) ClientFatal(logger, client, code, reason);
        else ClientTransient(logger, client, code, reason);
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Kafka client {kafka_client} error {kafka_error}: {kafka_reason}")]
    private static partial void ClientTransient(ILogger logger, string kafka_client, ErrorCode kafka_error, string kafka_reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Critical, Message = "Kafka client {kafka_client} fatal error {kafka_error}: {kafka_reason}; it can no longer be used")]
    private static partial void ClientFatal(ILogger logger, string kafka_client, ErrorCode kafka_error, string kafka_reason);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "librdkafka {librdkafka_version} loaded from {librdkafka_path} (built for {librdkafka_built_for} or newer)")]
    public static partial void LibrdkafkaLoaded(ILogger logger, string librdkafka_version, string librdkafka_path, string librdkafka_built_for);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Producer closed with {message_count} message(s) not delivered (-1: unknown)")]
    public static partial void UndeliveredOnDispose(ILogger logger, int message_count, Exception? exception = null);

    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "Consumer group {consumer_group} subscribing to {topics}; dead letters go to {dlq_topic}")]
    public static partial void Starting(ILogger logger, string consumer_group, string topics, string dlq_topic);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Consumer group {consumer_group} assigned {partitions}")]
    public static partial void Assigned(ILogger logger, string consumer_group, string partitions);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Consumer group {consumer_group} revoked {partitions}; committed what was processed")]
    public static partial void Revoked(ILogger logger, string consumer_group, string partitions);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Consumer group {consumer_group} lost {partitions} (session or poll interval expired); uncommitted messages will be redelivered")]
    public static partial void Lost(ILogger logger, string consumer_group, string partitions);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information, Message = "Consumer group {consumer_group} stopped and left the group")]
    public static partial void Stopped(ILogger logger, string consumer_group);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning, Message = "Consumer group {consumer_group} could not commit offsets: {kafka_error} {kafka_reason}")]
    public static partial void CommitFailed(ILogger logger, string consumer_group, ErrorCode kafka_error, string kafka_reason);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Warning, Message = "Consumer group {consumer_group}: {kafka_error} {kafka_reason}")]
    public static partial void ConsumeError(ILogger logger, string consumer_group, ErrorCode kafka_error, string kafka_reason);

    [LoggerMessage(EventId = 7110, Level = LogLevel.Warning,
        Message = "Event {event_id} ({topic}/{partition}@{offset}) failed in {consumer_group} on attempt {attempt} of {max_attempts}; retrying in {delay_ms} ms")]
    public static partial void Retrying(ILogger logger, Exception exception, string? event_id, string topic, int partition, long offset, string consumer_group, int attempt, int max_attempts, long delay_ms);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Error,
        Message = "Message {event_id} ({topic}/{partition}@{offset}) of {consumer_group} dead-lettered to {dlq_topic} ({dlq_reason}) after {attempts} attempt(s)")]
    public static partial void DeadLettered(ILogger logger, Exception exception, string? event_id, string topic, int partition, long offset, string consumer_group, string dlq_topic, string dlq_reason, int attempts);

    [LoggerMessage(EventId = 7112, Level = LogLevel.Debug, Message = "Event {event_id} ({topic}/{partition}@{offset}) already processed by {consumer_group}: skipped")]
    public static partial void Duplicate(ILogger logger, string event_id, string topic, int partition, long offset, string consumer_group);

    [LoggerMessage(EventId = 7113, Level = LogLevel.Warning,
        Message = "Consumer group {consumer_group} paused on {topic}/{partition}@{offset} for {delay_ms} ms: {stall_reason}")]
    public static partial void Stalled(ILogger logger, Exception exception, string consumer_group, string topic, int partition, long offset, long delay_ms, string stall_reason);

    [LoggerMessage(EventId = 7114, Level = LogLevel.Information,
        Message = "Consumer group {consumer_group} is stopping: {topic}/{partition}@{offset} left for redelivery")]
    public static partial void Abandoned(ILogger logger, string consumer_group, string topic, int partition, long offset);

    [LoggerMessage(EventId = 7116, Level = LogLevel.Warning,
        Message = "Consumer group {consumer_group}: a batch of {batch_size} message(s) starting at {topic}/{partition}@{offset} failed; processing them one by one")]
    public static partial void BatchFailed(ILogger logger, Exception exception, string consumer_group, int batch_size, string topic, int partition, long offset);

    [LoggerMessage(EventId = 7117, Level = LogLevel.Information,
        Message = "Consumer group {consumer_group}: a batch of {batch_size} message(s) starting at {topic}/{partition}@{offset} holds one that is not a platform CloudEvent; processing them one by one")]
    public static partial void BatchHoldsMalformed(ILogger logger, string consumer_group, int batch_size, string topic, int partition, long offset);

    [LoggerMessage(EventId = 7115, Level = LogLevel.Critical, Message = "Consumer group {consumer_group} failed and stopped")]
    public static partial void ConsumerFailed(ILogger logger, Exception exception, string consumer_group);
}
