using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Kyc.Messaging.Diagnostics;

/// <summary>
/// Instruments of meter <see cref="MeterName"/> (exported by the web library, which takes every <c>Kyc.*</c> meter).
/// Tags: <c>topic</c> (not on the batch instruments: a batch may span topics), <c>consumer_group</c>, and where noted <c>outcome</c>, <c>reason</c>, <c>error</c>, <c>partition</c>.
/// </summary>
public sealed class KafkaMessagingMetrics : IDisposable
{
    public const string MeterName = "Kyc.Messaging";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly ConcurrentDictionary<object, Consuming.ConsumerProgress> _consumers = new();

    /// <param name="meterFactory">The application's meter factory (so its exporter takes these); null creates a standalone meter.</param>
    public KafkaMessagingMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);

        Produced = _meter.CreateCounter<long>("kyc.messaging.produced", "{message}", "Messages the broker acknowledged, per topic.");
        ProduceFailures = _meter.CreateCounter<long>("kyc.messaging.produce.failures", "{message}", "Messages whose delivery failed, per topic and error.");
        Consumed = _meter.CreateCounter<long>("kyc.messaging.consumed", "{message}", "Messages a consumer group received, per topic.");
        Handled = _meter.CreateCounter<long>("kyc.messaging.handled", "{message}", "Events whose handler transaction committed.");
        Duplicates = _meter.CreateCounter<long>("kyc.messaging.duplicates", "{message}", "Redelivered events skipped because the inbox already had them.");
        Retries = _meter.CreateCounter<long>("kyc.messaging.retries", "{attempt}", "Handler attempts that failed and were retried.");
        DeadLettered = _meter.CreateCounter<long>("kyc.messaging.dead_lettered", "{message}", "Messages sent to the dead-letter topic, per reason.");
        Stalls = _meter.CreateCounter<long>("kyc.messaging.consumer.stalls", "{stall}",
            "Times a consumer paused on a message because its database or the dead-letter topic was unreachable.");
        HandlerDuration = _meter.CreateHistogram<double>("kyc.messaging.handler.duration", "s",
            "Time of one handler transaction attempt (inbox, handler, commit), per outcome.");
        BatchSize = _meter.CreateHistogram<int>("kyc.messaging.batch.size", "{message}",
            "Messages in one committed batch transaction of a batch handler (inbox rows and handler writes together).");
        BatchDuration = _meter.CreateHistogram<double>("kyc.messaging.batch.duration", "s",
            "Time of one batch transaction (inbox, handler, commit), per outcome (committed, failed).");
        BatchFallbacks = _meter.CreateCounter<long>("kyc.messaging.batch.fallbacks", "{batch}",
            "Batches that failed and whose messages were processed again one by one.");
        _meter.CreateObservableGauge("kyc.messaging.librdkafka.info", ObserveLibrdkafka, "{library}",
            "1, with the loaded librdkafka's version as tag version (the process refuses to start on one older than it was built for).");
        _meter.CreateObservableGauge("kyc.messaging.consumer.lag", ObserveLag, "{message}",
            "Messages in a partition not yet processed by the consumer group (high watermark minus next offset to process).");
        _meter.CreateObservableGauge("kyc.messaging.consumer.stalled", ObserveStalled, "{group}",
            "1 while a consumer group has made no progress (nothing committed, not caught up) for longer than its stall timeout; readiness is red meanwhile.");
    }

    internal Counter<long> Produced { get; }
    internal Counter<long> ProduceFailures { get; }
    internal Counter<long> Consumed { get; }
    internal Counter<long> Handled { get; }
    internal Counter<long> Duplicates { get; }
    internal Counter<long> Retries { get; }
    internal Counter<long> DeadLettered { get; }
    internal Counter<long> Stalls { get; }
    internal Histogram<double> HandlerDuration { get; }
    internal Histogram<int> BatchSize { get; }
    internal Histogram<double> BatchDuration { get; }
    internal Counter<long> BatchFallbacks { get; }

    internal static TagList GroupTags(string consumerGroup) => new() { { "consumer_group", consumerGroup } };

    internal static TagList GroupTags(string consumerGroup, string name, string value) =>
        new() { { "consumer_group", consumerGroup }, { name, value } };

    internal static TagList Tags(string topic, string consumerGroup) => new() { { "topic", topic }, { "consumer_group", consumerGroup } };

    internal static TagList Tags(string topic, string consumerGroup, string name, string value) =>
        new() { { "topic", topic }, { "consumer_group", consumerGroup }, { name, value } };

    /// <summary>Observes a consumer group's lag and stall state until the returned handle is disposed.</summary>
    internal IDisposable AddConsumer(Consuming.ConsumerProgress progress)
    {
        var key = new object();
        _consumers[key] = progress;
        return new Registration(() => _consumers.TryRemove(key, out _));
    }

    public void Dispose()
    {
        if (_ownsMeter) _meter.Dispose();
    }

    private static Measurement<long> ObserveLibrdkafka() =>
        new(1, new KeyValuePair<string, object?>("version", Native.Librdkafka.Load().Version.ToString()));

    private IEnumerable<Measurement<long>> ObserveLag() => _consumers.Values.SelectMany(c => c.Lag).ToArray();

    private IEnumerable<Measurement<long>> ObserveStalled() =>
        _consumers.Values.Select(c => new Measurement<long>(c.StallReason is null ? 0 : 1, new KeyValuePair<string, object?>("consumer_group", c.GroupId))).ToArray();

    private sealed class Registration(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
