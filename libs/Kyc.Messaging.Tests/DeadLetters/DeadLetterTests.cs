using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Consuming;
using Kyc.Messaging.DeadLetters;
using Kyc.Messaging.Tests.Support;
using Kyc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Kyc.Messaging.Tests.DeadLetters;

public sealed class DeadLetterTests(MessagingDatabase database, ITestOutputHelper output) : IClassFixture<MessagingDatabase>
{
    [Fact]
    public async Task A_poison_message_goes_to_the_dead_letter_topic_after_the_retry_budget_and_the_group_moves_past_it()
    {
        var topic = UniqueNames.Topic("poison");
        var script = new HandlerScript(UniqueNames.GroupId("poison"));
        var poison = TestEvents.Create("case-p", 1, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        var next = TestEvents.Create("case-p", 2);
        script.Behavior = call => call.Event.Id == poison.Id ? throw new InvalidOperationException("boom\nsecond line") : Task.CompletedTask;
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer();
        var poisonResult = await producer.ProduceAsync(topic, poison);
        var nextResult = await producer.ProduceAsync(topic, next);
        var before = DateTimeOffset.UtcNow;

        await using var consumer = await TestConsumer.StartAsync(database, script, [topic], output, o => o.MaxAttempts = 3);
        await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 1, "the message after the poison one");

        Assert.Equal(new[] { Guid.Parse(next.Id) }, (await database.EffectsAsync(script.ConsumerGroup)).Select(e => e.EventId));
        Assert.Equal(3, script.AttemptsOf(poison));
        var dead = Assert.Single(await KafkaProbe.ReadAsync(consumer.Host.DeadLetterTopic, r => r.Count >= 1));
        Assert.Equal($"kyc.dlq.{script.ConsumerGroup}", consumer.Host.DeadLetterTopic);
        Assert.Equal("case-p", Encoding.UTF8.GetString(dead.Message.Key!));
        Assert.Equal(poison.Data.ToArray(), dead.Message.Value);
        var original = KafkaCloudEventBinding.ToMessage(poison).Headers;
        foreach (var header in original.Where(h => h.Key is not ("traceparent" or "tracestate")))
            Assert.Equal(header.GetValueBytes(), dead.Message.Headers.GetLastBytes(header.Key));
        var headers = dead.Message.Headers;
        Assert.Equal("System.InvalidOperationException: boom second line", headers.Text(DeadLetterHeaders.Error));
        Assert.Equal(DeadLetterReasons.RetriesExhausted, headers.Text(DeadLetterHeaders.Reason));
        Assert.Equal(script.ConsumerGroup, headers.Text(DeadLetterHeaders.ConsumerGroup));
        Assert.Equal(topic, headers.Text(DeadLetterHeaders.OriginalTopic));
        Assert.Equal(poisonResult.Partition.ToString(CultureInfo.InvariantCulture), headers.Text(DeadLetterHeaders.OriginalPartition));
        Assert.Equal(poisonResult.Offset.ToString(CultureInfo.InvariantCulture), headers.Text(DeadLetterHeaders.OriginalOffset));
        Assert.Equal("3", headers.Text(DeadLetterHeaders.Attempts));
        var failedAt = DateTimeOffset.Parse(headers.Text(DeadLetterHeaders.FailedAt), CultureInfo.InvariantCulture);
        Assert.InRange(failedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        await KafkaProbe.CommittedAtLeastAsync(script.ConsumerGroup, topic, nextResult.Partition, nextResult.Offset + 1);
        Assert.Equal(1, recorder.Sum("kyc.messaging.dead_lettered", ("consumer_group", script.ConsumerGroup), ("reason", "retries_exhausted")));
        Assert.Equal(2, recorder.Sum("kyc.messaging.retries", ("consumer_group", script.ConsumerGroup)));

        var letter = DeadLetter.From(dead.Message);
        Assert.Equal(topic, letter.OriginalTopic);
        Assert.Equal(poisonResult.Offset, letter.OriginalOffset);
        Assert.Equal(3, letter.Attempts);
        Assert.Equal(poison.Id, letter.EventId);
        Assert.DoesNotContain(letter.Original.Headers, h => h.Key.StartsWith("dlq_", StringComparison.Ordinal));
        Assert.Equal(poison.Id, KafkaCloudEventBinding.FromHeaders(letter.Original.Headers, letter.Original.Value).Id);
    }

    [Fact]
    public async Task A_permanent_failure_is_dead_lettered_at_once_with_its_message()
    {
        var topic = UniqueNames.Topic("permanent");
        var script = new HandlerScript(UniqueNames.GroupId("permanent"));
        var invalid = TestEvents.Create("case-x", 1);
        var next = TestEvents.Create("case-x", 2);
        script.Behavior = call => call.Event.Id == invalid.Id
            ? throw new PermanentEventFailureException("data does not match kyc.test.something_happened.v1: /case_id is required")
            : Task.CompletedTask;
        using var recorder = new MetricsRecorder();
        using var producer = KafkaProbe.CreateProducer();
        await producer.ProduceAsync(topic, invalid);
        await producer.ProduceAsync(topic, next);

        await using var consumer = await TestConsumer.StartAsync(database, script, [topic], output);
        await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 1, "the next message");

        Assert.Equal(1, script.AttemptsOf(invalid));
        var dead = Assert.Single(await KafkaProbe.ReadAsync(consumer.Host.DeadLetterTopic, r => r.Count >= 1));
        Assert.Equal(
            "Kyc.Messaging.Consuming.PermanentEventFailureException: data does not match kyc.test.something_happened.v1: /case_id is required",
            dead.Message.Headers.Text(DeadLetterHeaders.Error));
        Assert.Equal(DeadLetterReasons.Permanent, dead.Message.Headers.Text(DeadLetterHeaders.Reason));
        Assert.Equal("1", dead.Message.Headers.Text(DeadLetterHeaders.Attempts));
        Assert.Equal(0, recorder.Sum("kyc.messaging.retries", ("consumer_group", script.ConsumerGroup)));
        Assert.Equal(1, recorder.Sum("kyc.messaging.dead_lettered", ("consumer_group", script.ConsumerGroup), ("reason", "permanent")));
    }

    [Fact]
    public async Task Messages_that_are_not_platform_CloudEvents_are_dead_lettered_without_reaching_the_handler()
    {
        var topic = UniqueNames.Topic("malformed");
        var script = new HandlerScript(UniqueNames.GroupId("malformed"));
        using var producer = KafkaProbe.CreateProducer();
        var notUuid = KafkaCloudEventBinding.ToMessage(TestEvents.Create("case-m") with { Id = "evt-123" });
        var noType = KafkaCloudEventBinding.ToMessage(TestEvents.Create("case-m"));
        noType.Headers.Remove("ce_type");
        var notJson = KafkaCloudEventBinding.ToMessage(TestEvents.Create("case-m"));
        notJson.Value = Encoding.UTF8.GetBytes("<xml/>");
        foreach (var message in new[] { notUuid, noType, notJson })
            await producer.ProduceRawAsync(topic, new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(message.Key), Value = message.Value, Headers = message.Headers });
        var valid = TestEvents.Create("case-m");
        await producer.ProduceAsync(topic, valid);

        await using var consumer = await TestConsumer.StartAsync(database, script, [topic], output);
        await Eventually.GetAsync(() => database.EffectsAsync(script.ConsumerGroup), e => e.Count >= 1, "the valid message");

        Assert.Equal(1, script.TotalCalls);
        var dead = await KafkaProbe.ReadAsync(consumer.Host.DeadLetterTopic, r => r.Count >= 3);
        Assert.Equal(3, dead.Count);
        Assert.All(dead, d =>
        {
            Assert.Equal(DeadLetterReasons.Malformed, d.Message.Headers.Text(DeadLetterHeaders.Reason));
            Assert.Equal("0", d.Message.Headers.Text(DeadLetterHeaders.Attempts));
            Assert.StartsWith("Kyc.Messaging.CloudEvents.CloudEventFormatException: ", d.Message.Headers.Text(DeadLetterHeaders.Error), StringComparison.Ordinal);
        });
        Assert.Contains(dead, d => d.Message.Headers.Text(DeadLetterHeaders.Error).Contains("'evt-123' is not a UUID", StringComparison.Ordinal));
        Assert.Contains(dead, d => d.Message.Headers.Text(DeadLetterHeaders.Error).Contains("ce_type", StringComparison.Ordinal));
        Assert.Contains(dead, d => d.Message.Headers.Text(DeadLetterHeaders.Error).Contains("JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void A_long_error_is_cut_to_the_header_limit_and_kept_on_one_line()
    {
        var text = DeadLetter.DescribeError(new InvalidOperationException(new string('e', 5000) + "\r\nmore"));
        Assert.Equal(DeadLetterHeaders.MaxErrorLength, text.Length);
        Assert.DoesNotContain('\n', text);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }
}
