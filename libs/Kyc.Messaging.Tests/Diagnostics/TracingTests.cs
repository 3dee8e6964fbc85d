using System.Collections.Concurrent;
using System.Diagnostics;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.Messaging.Tests.Diagnostics;

public sealed class TracingTests(MessagingDatabase database, ITestOutputHelper output) : IClassFixture<MessagingDatabase>, IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener? _listener;

    public void Dispose() => _listener?.Dispose();

    [Fact]
    public async Task The_trace_continues_from_the_request_that_wrote_the_event_through_the_send_to_the_handler()
    {
        var topic = UniqueNames.Topic("trace");
        var script = new HandlerScript(UniqueNames.GroupId("trace"));
        var requestTrace = ActivityTraceId.CreateRandom();
        var requestSpan = ActivitySpanId.CreateRandom();
        var e = TestEvents.Create("case-t", traceParent: $"00-{requestTrace}-{requestSpan}-01");
        _listener = CreateListener();
        Activity? inHandler = null;
        script.Behavior = _ =>
        {
            inHandler = Activity.Current;
            return Task.CompletedTask;
        };
        using var producer = KafkaProbe.CreateProducer();

        using (var relaySpan = new Activity("relay batch").Start())
        {
            await producer.ProduceAsync(topic, e);
            Assert.Same(relaySpan, Activity.Current); // the producer leaves the caller's span current
        }
        await using var consumer = await TestConsumer.StartAsync(database, script, [topic], output);
        await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), x => x.Count >= 1, "the effect");

        var send = Assert.Single(_stopped, a => a.OperationName == $"send {topic}");
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal(requestTrace, send.TraceId);
        Assert.Equal(requestSpan, send.ParentSpanId);
        Assert.Equal(e.Id, send.GetTagItem("cloudevents.event_id"));
        Assert.Single(send.Links); // to the relay's own span

        Assert.NotNull(inHandler);
        Assert.Equal($"process {topic}", inHandler!.OperationName);
        Assert.Equal(ActivityKind.Consumer, inHandler.Kind);
        Assert.Equal(requestTrace, inHandler.TraceId);
        Assert.Equal(send.SpanId, inHandler.ParentSpanId);
        Assert.Equal(script.ConsumerGroup, inHandler.GetTagItem("messaging.consumer.group.name"));
        Assert.Contains(inHandler.Links, l => l.Context.SpanId == requestSpan);

        var read = Assert.Single(await KafkaProbe.ReadAsync(topic, r => r.Count >= 1));
        Assert.Equal($"00-{requestTrace}-{requestSpan}-01", read.Message.Headers.Text(KafkaCloudEventBinding.TraceParentHeader));
        Assert.Equal(send.Id, read.Message.Headers.Text(KafkaCloudEventBinding.W3CTraceParentHeader));
    }

    private ActivityListener CreateListener()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MessagingTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
