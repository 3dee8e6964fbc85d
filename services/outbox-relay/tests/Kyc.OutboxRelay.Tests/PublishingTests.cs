using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Kyc.Messaging.CloudEvents;
using Kyc.OutboxRelay.Tests.Support;
using Kyc.Persistence.Outbox;
using Kyc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.OutboxRelay.Tests;

public sealed class PublishingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly OutboxDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Committed_rows_are_published_as_CloudEvents_keyed_by_subject_and_marked_published()
    {
        var topic = UniqueNames.Topic("relay-roundtrip");
        var occurredAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234560);
        const string traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var full = new OutboxMessage(Guid.CreateVersion7(), topic, "kyc.onboarding.case_opened.v1", "/onboarding", "case-1", "partner-7",
            occurredAt, """{"case_id":"case-1","company":{"name":"Zürich AG"},"n":1}""",
            DataSchema: "https://schemas.onboarding-kyc.dev/onboarding/case_opened.v1.json", TraceParent: traceParent,
            TraceState: "vendor=abc", CorrelationId: "req-123");
        var bare = new OutboxMessage(Guid.CreateVersion7(), topic, "kyc.onboarding.case_submitted.v1", "/onboarding", "case-2", "partner-7",
            occurredAt, """{"case_id":"case-2"}""");

        await using var relay = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output);
        await _db.InsertAsync(full, bare);
        await _db.AllPublishedAsync(2);

        var records = await TopicReader.ReadAsync(StackSettings.KafkaBootstrap, topic, 2);
        var byId = records.GroupBy(TopicReader.IdOf).ToDictionary(g => g.Key, g => g.First());

        var first = byId[full.Id.ToString()];
        Assert.Equal("case-1", first.Message.Key);
        var e = KafkaCloudEventBinding.FromMessage(first.Message);
        Assert.Equal("kyc.onboarding.case_opened.v1", e.Type);
        Assert.Equal("/onboarding", e.Source);
        Assert.Equal("case-1", e.Subject);
        Assert.Equal(occurredAt, e.Time);
        Assert.Equal(full.DataSchema, e.DataSchema);
        Assert.Equal("partner-7", e.PartnerId);
        Assert.Equal("req-123", e.CorrelationId);
        Assert.Equal(traceParent, e.TraceParent);          // ce_traceparent: the context the event was written in
        Assert.Equal("vendor=abc", e.TraceState);
        var transport = Header(first, KafkaCloudEventBinding.W3CTraceParentHeader);
        Assert.Equal(traceParent.Split('-')[1], transport.Split('-')[1]); // traceparent: same trace (the relay's publish span when traced)
        Assert.Equal("application/json", Header(first, KafkaCloudEventBinding.ContentTypeHeader));
        Assert.True(JsonElement.DeepEquals(Parse(full.Data), Parse(Encoding.UTF8.GetString(e.Data.Span))));

        var second = KafkaCloudEventBinding.FromMessage(byId[bare.Id.ToString()].Message);
        Assert.Equal("case-2", byId[bare.Id.ToString()].Message.Key);
        Assert.Null(second.DataSchema);
        Assert.Null(second.CorrelationId);
        Assert.Null(KafkaCloudEventBinding.TryGetHeader(byId[bare.Id.ToString()].Message.Headers, KafkaCloudEventBinding.TraceParentHeader));
        Assert.True(JsonElement.DeepEquals(Parse(bare.Data), Parse(Encoding.UTF8.GetString(second.Data.Span))));

        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE published_at IS NULL OR attempts <> 0 OR last_error IS NOT NULL"));
        Assert.True(await _db.ScalarAsync<bool>("SELECT bool_and(published_at >= created_at) FROM outbox"));
    }

    [Fact]
    public async Task Each_aggregates_events_arrive_in_the_order_they_were_written_under_concurrent_interleaved_writes()
    {
        const int aggregates = 20, eventsPerAggregate = 50;
        var topic = UniqueNames.Topic("relay-order");
        await using var relay = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, o => o.BatchSize = 100);

        // Each aggregate's writes are serialised (as a command handler's row lock makes them); aggregates interleave.
        var written = new Dictionary<string, List<Guid>>();
        var writers = Enumerable.Range(0, aggregates).Select(a => Task.Run(async () =>
        {
            var subject = $"case-{a:00}-{Guid.NewGuid():N}";
            var ids = new List<Guid>();
            for (var position = 0; position < eventsPerAggregate;)
            {
                var count = Math.Min(1 + ((a + position) % 3), eventsPerAggregate - position); // 1-3 events per transaction
                var batch = Enumerable.Range(position, count).Select(p => Events.For(topic, subject, p)).ToArray();
                await _db.InsertAsync(batch);
                ids.AddRange(batch.Select(m => m.Id));
                position += count;
            }
            lock (written) written[subject] = ids;
        })).ToArray();
        await Task.WhenAll(writers);
        await _db.AllPublishedAsync(aggregates * eventsPerAggregate);

        var records = await TopicReader.ReadAsync(StackSettings.KafkaBootstrap, topic, aggregates * eventsPerAggregate);
        foreach (var (subject, ids) in written)
        {
            // What an idempotent consumer processes: each id the first time it is seen, in partition order.
            var seen = records.Where(r => r.Message.Key == subject).Select(TopicReader.IdOf).Distinct().ToList();
            Assert.Equal(ids.Select(i => i.ToString()), seen);
            Assert.Single(records.Where(r => r.Message.Key == subject).Select(r => r.Partition.Value).Distinct());
        }
        output.WriteLine($"{records.Count} messages for {aggregates * eventsPerAggregate} events");
    }

    [Fact]
    public async Task A_commit_wakes_the_relay_through_NOTIFY_without_waiting_for_the_sweep()
    {
        var topic = UniqueNames.Topic("relay-notify");
        await using var relay = RelayRunner.Start(_db, StackSettings.KafkaBootstrap, output, o => o.SweepInterval = TimeSpan.FromMinutes(10));
        await relay.WaitUntilLeaderAsync();
        await Eventually.TrueAsync(() => relay.Relay.IsListening, TimeSpan.FromSeconds(10), "LISTEN is active");
        // A first event, published by whichever comes first (the sweep at start or its notification): once it is out, the
        // relay waits, and only a notification (or the 10-minute sweep) wakes it.
        await _db.InsertAsync(Events.For(topic, "case-notify", 0));
        await _db.AllPublishedAsync(1, TimeSpan.FromSeconds(30));

        for (var round = 1; round <= 3; round++)
        {
            var clock = Stopwatch.StartNew();
            await _db.InsertAsync(Events.For(topic, "case-notify", round));
            await _db.AllPublishedAsync(round + 1, TimeSpan.FromSeconds(30));
            output.WriteLine($"round {round}: published {clock.ElapsedMilliseconds} ms after commit");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        }
        await TopicReader.ReadAsync(StackSettings.KafkaBootstrap, topic, 4);
    }

    private static string Header(Confluent.Kafka.ConsumeResult<string, byte[]> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
