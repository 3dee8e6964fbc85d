using System.Text;
using Kyc.Audit.Tests.Support;
using Kyc.Contracts;
using Kyc.Contracts.Onboarding;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.DeadLetters;
using Kyc.Messaging.Producing;
using Kyc.Testing;
using Xunit;

namespace Kyc.Audit.Tests.Ingestion;

/// <summary>
/// The kyc-audit consumer group appending in batches: events produced together are read into one batch transaction
/// (the class's consumer lingers 200 ms for more), appended to the chain in one statement, and a batch that holds a bad
/// event falls back to one event at a time.
/// </summary>
public sealed class BatchIngestionTests(BatchingAuditApiFactory app) : IClassFixture<BatchingAuditApiFactory>
{
    private string Group => $"consumer_group=\"{app.ConsumerGroup}\"";

    private static async Task ProduceTogetherAsync(string topic, params CloudEvent[] events)
    {
        using var producer = KafkaProbe.CreateProducer();
        var results = await producer.ProduceBatchAsync([.. events.Select(e => new OutgoingEvent(topic, e))]);
        Assert.All(results, r => Assert.True(r.Acknowledged, r.Error));
    }

    private Task<long> RowsOfAsync(string partnerPrefix) =>
        app.Database.ScalarAsync("SELECT count(*) FROM audit_log WHERE starts_with(partner_id, @p)", ("p", partnerPrefix));

    private async Task<List<Guid>> EventIdsInSeqOrderAsync(string subject)
    {
        await using var command = app.Database.DataSource.CreateCommand("SELECT event_id FROM audit_log WHERE subject = @s ORDER BY seq");
        command.Parameters.AddWithValue("s", subject);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    [Fact]
    public async Task A_backlog_is_appended_in_batches_in_offset_order_per_partition_and_the_chain_verifies()
    {
        // The producer's topic is shared by the class's tests: this test's events are those of its own partners.
        var partners = $"backlog-{Guid.NewGuid():N}"[..20];
        var events = Enumerable.Range(0, 300).Select(i =>
        {
            var caseId = Entries.NewCaseId();
            var at = Entries.Base.AddSeconds(i);
            return Entries.Event(Entries.Created(caseId, $"{partners}-{i % 7}", at), caseId, $"{partners}-{i % 7}", at);
        }).ToArray();

        await ProduceTogetherAsync(app.Topic("onboarding"), events);
        await Eventually.GetAsync(() => RowsOfAsync(partners), n => n >= 300, "300 rows");

        var perPartition = new Dictionary<int, long>();
        await using (var command = app.Database.DataSource.CreateCommand(
            "SELECT partition, kafka_offset FROM audit_log WHERE starts_with(partner_id, @p) ORDER BY seq"))
        {
            command.Parameters.AddWithValue("p", partners);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var (partition, offset) = (reader.GetInt32(0), reader.GetInt64(1));
                Assert.True(offset > perPartition.GetValueOrDefault(partition, -1), $"partition {partition}: offset {offset} recorded out of order");
                perPartition[partition] = offset;
            }
        }
        Assert.Equal(300, await RowsOfAsync(partners));
        Assert.True(await app.MetricAsync("kyc_messaging_batch_size_count", Group) >= 1, "no batch transaction was committed");
        var verify = await (await app.OperatorAsync()).VerifyOkAsync();
        Assert.True(verify.GetProperty("verified").GetBoolean(), verify.GetRawText());
    }

    [Fact]
    public async Task A_schema_invalid_event_in_a_batch_is_dead_lettered_alone_and_the_others_are_recorded_in_order()
    {
        var caseId = Entries.NewCaseId();
        var contract = EventRegistry.For<CaseCreatedV1>();
        var created = Entries.Event(Entries.Created(caseId, "partner-b", Entries.Base), caseId, "partner-b", Entries.Base);
        var invalid = new CloudEvent(Guid.CreateVersion7().ToString(), "/onboarding", contract.CloudEventType, Entries.Base, caseId,
            contract.DataSchema.AbsoluteUri, "partner-b", Encoding.UTF8.GetBytes($"{{\"case_id\": \"{caseId}\", \"version\": \"one\"}}"));
        var submitted = Entries.Event(Entries.Submitted(caseId, "partner-b", Entries.Base.AddMinutes(1)), caseId, "partner-b", Entries.Base.AddMinutes(1));
        var resubmitted = Entries.Event(Entries.Submitted(caseId, "partner-b", Entries.Base.AddMinutes(2), version: 3), caseId, "partner-b", Entries.Base.AddMinutes(2));
        var fallbacksBefore = await app.MetricAsync("kyc_messaging_batch_fallbacks_total", Group);

        await ProduceTogetherAsync(app.Topic("onboarding"), created, invalid, submitted, resubmitted);

        var letters = await KafkaProbe.ReadAsync(app.DeadLetterTopic, read => read.Any(r => r.Message.Headers.Text(KafkaCloudEventBinding.IdHeader) == invalid.Id));
        var letter = DeadLetter.From(Assert.Single(letters, r => r.Message.Headers.Text(KafkaCloudEventBinding.IdHeader) == invalid.Id).Message);
        Assert.Equal(DeadLetterReasons.Permanent, letter.Reason);
        Assert.Equal(1, letter.Attempts);
        Assert.Contains("$.version: must be an integer", letter.Error, StringComparison.Ordinal);
        var recorded = await Eventually.GetAsync(() => EventIdsInSeqOrderAsync(caseId), ids => ids.Count >= 3, "the three valid events");
        Assert.Equal(new[] { created.Id, submitted.Id, resubmitted.Id }.Select(Guid.Parse), recorded);
        Assert.True(await app.MetricAsync("kyc_messaging_batch_fallbacks_total", Group) > fallbacksBefore, "the batch did not fall back");
        var verify = await (await app.OperatorAsync()).VerifyOkAsync();
        Assert.True(verify.GetProperty("verified").GetBoolean(), verify.GetRawText());
    }

    [Fact]
    public async Task Duplicates_within_a_batch_and_across_batches_are_recorded_once()
    {
        var caseId = Entries.NewCaseId();
        var a = Entries.Event(Entries.Created(caseId, "partner-d", Entries.Base), caseId, "partner-d", Entries.Base);
        var b = Entries.Event(Entries.Submitted(caseId, "partner-d", Entries.Base.AddMinutes(1)), caseId, "partner-d", Entries.Base.AddMinutes(1));
        var c = Entries.Event(Entries.Submitted(caseId, "partner-d", Entries.Base.AddMinutes(2), version: 3), caseId, "partner-d", Entries.Base.AddMinutes(2));
        var topic = app.Topic("onboarding");

        await ProduceTogetherAsync(topic, a, a, b);
        await Eventually.GetAsync(() => EventIdsInSeqOrderAsync(caseId), ids => ids.Count >= 2, "the first batch");
        await ProduceTogetherAsync(topic, b, a, c);
        await Eventually.GetAsync(() => EventIdsInSeqOrderAsync(caseId), ids => ids.Count >= 3, "the second batch's new event");
        // Everything was delivered; give a second copy time to show up.
        var sent = new[] { a.Id, b.Id, c.Id };
        await KafkaProbe.ReadAsync(topic, read => read.Count(r => sent.Contains(r.Message.Headers.Text(KafkaCloudEventBinding.IdHeader))) >= 6);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal(new[] { a.Id, b.Id, c.Id }.Select(Guid.Parse), await EventIdsInSeqOrderAsync(caseId));
        Assert.Equal(3, await app.Database.ScalarAsync(
            "SELECT count(*) FROM inbox WHERE consumer_group = @g AND event_id = ANY (@ids)",
            ("g", app.ConsumerGroup), ("ids", new[] { a.Id, b.Id, c.Id }.Select(Guid.Parse).ToArray())));
    }
}
