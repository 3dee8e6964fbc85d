using Confluent.Kafka;
using Kyc.OutboxRelay.Configuration;
using Microsoft.Extensions.Logging;

namespace Kyc.OutboxRelay.Publishing;

/// <summary>
/// <see cref="IOutboxProducer"/> on Confluent.Kafka directly: the idempotent producer (acks=all, at most 5 requests in
/// flight, so per-partition order holds across retries) with the gapless guarantee, the Java client's murmur2
/// partitioner (the same key lands on the same partition whichever client produced it), and no librdkafka message
/// timeout: librdkafka documents that messages expiring by <c>message.timeout.ms</c> may leave gaps (a later message
/// of a partition stored while an earlier one expired), which would break per-aggregate order. The relay bounds each
/// batch with its own deadline instead and throws the producer away when a batch is not fully acknowledged.
/// </summary>
public sealed partial class KafkaOutboxProducer : IOutboxProducer
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly ILogger _logger;
    private volatile bool _fatal;

    public KafkaOutboxProducer(KafkaOptions options, string clientId, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var config = new ProducerConfig();
        foreach (var (key, value) in options.Settings) config.Set(key, value);
        config.BootstrapServers = options.BootstrapServers;
        config.ClientId = clientId;
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        config.MaxInFlight = 5;
        config.EnableGaplessGuarantee = true;
        config.MessageTimeoutMs = int.MaxValue;
        config.Partitioner = Partitioner.Murmur2Random;
        // The relay hands the producer a whole batch at once: waiting for more only delays its acknowledgement.
        config.LingerMs ??= 0;
        _producer = new ProducerBuilder<string, byte[]>(config)
            .SetErrorHandler((_, error) =>
            {
                // Non-fatal errors (a broker down, a connection lost) also arrive as librdkafka log lines; the relay's
                // own warning says which rows wait.
                if (error.IsFatal) _fatal = true;
                LogProducerError(_logger, error.IsFatal ? LogLevel.Error : LogLevel.Debug, clientId, error.Code.ToString(), error.Reason, error.IsFatal);
            })
            .SetLogHandler((_, message) => LogLibrdkafka(_logger, LevelOf(message), clientId, message.Facility, message.Message))
            .Build();
    }

    public bool IsFatal => _fatal;

    public async Task<DeliveryOutcome[]> PublishAsync(
        IReadOnlyList<OutgoingMessage> messages, TimeSpan timeout, Action<int, DeliveryOutcome>? onDelivered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var outcomes = new DeliveryOutcome[messages.Count];
        if (messages.Count == 0) return outcomes;
        var gate = new Lock();
        var closed = false;
        var remaining = messages.Count;
        var allReported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        void Complete(int index, DeliveryOutcome outcome)
        {
            lock (gate)
            {
                if (closed) return;
                outcomes[index] = outcome;
            }
            onDelivered?.Invoke(index, outcome);
            if (Interlocked.Decrement(ref remaining) == 0) allReported.TrySetResult();
        }

        HashSet<string>? failedKeys = null;
        for (var i = 0; i < messages.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            var index = i;
            var (topic, message) = messages[i];
            if (failedKeys is not null && failedKeys.Contains(message.Key))
            {
                Complete(index, new DeliveryOutcome(DeliveryStatus.NotSent, "an earlier event of the same aggregate failed in this batch", "NotSent"));
                continue;
            }
            while (true)
            {
                try
                {
                    _producer.Produce(topic, message, report => Complete(index, OutcomeOf(report.Error)));
                    break;
                }
                catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    await Task.Delay(10, CancellationToken.None); // the local queue drains as the broker acknowledges
                }
                catch (KafkaException e)
                {
                    (failedKeys ??= new HashSet<string>(StringComparer.Ordinal)).Add(message.Key);
                    if (e.Error.IsFatal) _fatal = true;
                    Complete(index, OutcomeOf(e.Error));
                    break;
                }
            }
        }

        try
        {
            await allReported.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        lock (gate)
        {
            closed = true;
            return (DeliveryOutcome[])outcomes.Clone();
        }
    }

    public void Dispose() => _producer.Dispose();

    private static DeliveryOutcome OutcomeOf(Error error) =>
        error.IsError ? new DeliveryOutcome(DeliveryStatus.Failed, error.Reason, error.Code.ToString()) : DeliveryOutcome.Acknowledged;

    private static LogLevel LevelOf(LogMessage message) => message.Level switch
    {
        // Set on purpose, logged by librdkafka at every producer start.
        _ when message.Facility == "CONFWARN" && message.Message.Contains("enable.gapless.guarantee is experimental", StringComparison.Ordinal) => LogLevel.Debug,
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Error,
        // Connection failures: the relay retries them and says so; fatal producer errors are logged as errors above.
        SyslogLevel.Error or SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [LoggerMessage(EventId = 3120, Message = "Kafka producer {ClientId} error {ErrorCode}: {Reason} (fatal: {Fatal})")]
    private static partial void LogProducerError(ILogger logger, LogLevel level, string clientId, string errorCode, string reason, bool fatal);

    [LoggerMessage(EventId = 3121, Message = "librdkafka {ClientId} {Facility}: {Text}")]
    private static partial void LogLibrdkafka(ILogger logger, LogLevel level, string clientId, string facility, string text);
}
