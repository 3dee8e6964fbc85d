using Kyc.Audit.Application.Verification;
using Kyc.Audit.Domain.Chain;
using Kyc.Audit.Infrastructure.Persistence;
using Kyc.Audit.Tests.Support;
using Npgsql;
using Xunit;

namespace Kyc.Audit.Tests.Persistence;

public sealed class AppendTests(AuditDatabase db) : IClassFixture<AuditDatabase>
{
    private VerifyChainHandler Verifier(int chunk = 7) => new(new PostgresAuditLog(db.DataSource), TimeProvider.System) { ChunkSize = chunk };

    [Fact]
    public async Task The_chain_verifies_after_many_appends_read_back_in_chunks()
    {
        var before = await db.ScalarAsync("SELECT coalesce(max(seq), 0) FROM audit_log");

        var results = await db.AppendAsync([.. Enumerable.Range(0, 40).Select(i => Entries.CaseCreated(offset: i))]);

        var seqs = results.Cast<AppendResult.Appended>().Select(a => a.Record.Seq).ToList();
        Assert.Equal(Enumerable.Range((int)before + 1, 40).Select(i => (long)i), seqs);
        var result = await Verifier().HandleAsync(new VerifyChainCommand(null, null), CancellationToken.None);
        Assert.True(result.Verified, result.Reason);
        Assert.Equal(before + 40, result.VerifiedRows);
        Assert.Equal(before + 40, result.LastSeq);
    }

    [Fact]
    public async Task The_database_computes_the_same_hash_as_the_service_for_every_row()
    {
        await db.AppendAsync(Entries.CaseCreated(correlationId: null), Entries.CaseCreated(correlationId: "req-ü-✓"));

        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM audit_log a WHERE audit_row_hash(a) <> a.hash"));
        Assert.Equal(0, await db.ScalarAsync(
            "SELECT count(*) FROM audit_log a JOIN audit_log p ON p.seq = a.seq - 1 WHERE a.prev_hash <> p.hash"));
    }

    [Fact]
    public async Task Stored_data_is_hashed_in_its_jsonb_text_form_whatever_the_producer_sent()
    {
        var entry = Entries.CaseCreated();
        var parsed = System.Text.Json.Nodes.JsonNode.Parse(entry.Data)!.AsObject();
        var reversed = new System.Text.Json.Nodes.JsonObject(parsed.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var reordered = entry.WithData(reversed.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

        var appended = Assert.IsType<AppendResult.Appended>((await db.AppendAsync(reordered)).Single());

        Assert.NotEqual(reordered.Data, appended.Record.Entry.Data);
        var stored = await new PostgresAuditLog(db.DataSource).FindAsync(entry.EventId, CancellationToken.None);
        Assert.Equal(appended.Record.Entry.Data, stored!.Entry.Data);
        Assert.Equal(appended.Record.Hash, AuditChain.Hash(stored.PrevHash, stored.Seq, stored.Entry));
    }

    [Fact]
    public async Task The_same_event_id_is_appended_once()
    {
        var entry = Entries.CaseCreated();

        var results = await db.AppendAsync(entry, entry, entry);

        var first = Assert.IsType<AppendResult.Appended>(results[0]);
        Assert.All(results.Skip(1), r => Assert.Equal(first.Record.Seq, Assert.IsType<AppendResult.Duplicate>(r).Seq));
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM audit_log WHERE event_id = @id", ("id", entry.EventId)));
    }

    [Fact]
    public async Task Concurrent_appenders_take_turns_and_never_fork_the_chain()
    {
        var appender = new PostgresAuditAppender();
        async Task AppendManyAsync()
        {
            for (var i = 0; i < 15; i++)
            {
                await using var connection = await db.DataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await appender.AppendAsync(connection, transaction, Entries.CaseCreated(offset: i), CancellationToken.None);
                await Task.Delay(Random.Shared.Next(3));
                await transaction.CommitAsync();
            }
        }

        await Task.WhenAll(AppendManyAsync(), AppendManyAsync(), AppendManyAsync());

        var result = await Verifier(50).HandleAsync(new VerifyChainCommand(null, null), CancellationToken.None);
        Assert.True(result.Verified, result.Reason);
        Assert.Equal(await db.ScalarAsync("SELECT count(*) FROM audit_log"), result.VerifiedRows);
    }

    [Fact]
    public async Task A_batch_is_appended_in_its_order_with_one_row_per_event_id_and_the_chain_verifies()
    {
        var already = Assert.IsType<AppendResult.Appended>((await db.AppendAsync(Entries.CaseCreated())).Single()).Record;
        var before = await db.ScalarAsync("SELECT max(seq) FROM audit_log");
        var fresh = Enumerable.Range(0, 50).Select(i => Entries.CaseCreated(offset: i, correlationId: i % 2 == 0 ? null : $"req-{i}")).ToArray();
        var batch = fresh.Take(25).Append(already.Entry).Concat(fresh.Skip(25)).Append(fresh[3]).ToArray();

        IReadOnlyList<AppendResult> results;
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            results = await new PostgresAuditAppender().AppendBatchAsync(connection, transaction, batch, CancellationToken.None);
            await transaction.CommitAsync();
        }

        Assert.Equal(batch.Length, results.Count);
        var appended = results.OfType<AppendResult.Appended>().Select(a => a.Record).ToList();
        Assert.Equal(fresh.Select(e => e.EventId), appended.Select(r => r.Entry.EventId));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => before + i), appended.Select(r => r.Seq));
        Assert.Equal(already.Seq, Assert.IsType<AppendResult.Duplicate>(results[25]).Seq);
        Assert.Equal(before + 4, Assert.IsType<AppendResult.Duplicate>(results[^1]).Seq);
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM audit_log WHERE event_id = @id", ("id", fresh[3].EventId)));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM audit_log a WHERE audit_row_hash(a) <> a.hash"));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM audit_log a JOIN audit_log p ON p.seq = a.seq - 1 WHERE a.prev_hash <> p.hash"));
        var stored = await new PostgresAuditLog(db.DataSource).ReadChainAsync(before, 100, CancellationToken.None);
        Assert.Equal(appended.Select(r => (r.Seq, r.HashHex, r.Entry.Data)), stored.Select(r => (r.Seq, r.HashHex, r.Entry.Data)));
        var result = await Verifier(13).HandleAsync(new VerifyChainCommand(null, null), CancellationToken.None);
        Assert.True(result.Verified, result.Reason);
    }

    [Fact]
    public async Task Concurrent_batches_take_turns_and_never_fork_the_chain()
    {
        var appender = new PostgresAuditAppender();
        async Task AppendBatchesAsync()
        {
            for (var i = 0; i < 5; i++)
            {
                await using var connection = await db.DataSource.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await appender.AppendBatchAsync(connection, transaction, [.. Enumerable.Range(0, 20).Select(j => Entries.CaseCreated(offset: j))], CancellationToken.None);
                await Task.Delay(Random.Shared.Next(3));
                await transaction.CommitAsync();
            }
        }

        await Task.WhenAll(AppendBatchesAsync(), AppendBatchesAsync(), AppendBatchesAsync());

        var result = await Verifier(50).HandleAsync(new VerifyChainCommand(null, null), CancellationToken.None);
        Assert.True(result.Verified, result.Reason);
        Assert.Equal(await db.ScalarAsync("SELECT count(*) FROM audit_log"), result.VerifiedRows);
    }

    [Fact]
    public async Task A_batch_with_data_postgresql_cannot_store_appends_nothing()
    {
        var before = await db.ScalarAsync("SELECT coalesce(max(seq), 0) FROM audit_log");
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        await Assert.ThrowsAsync<UnstorableDataException>(() => new PostgresAuditAppender().AppendBatchAsync(connection, transaction,
            [Entries.CaseCreated(), Entries.CaseCreated().WithData("{\"a\": \"\\u0000\"}"), Entries.CaseCreated()], CancellationToken.None));

        await transaction.RollbackAsync();
        Assert.Equal(before, await db.ScalarAsync("SELECT coalesce(max(seq), 0) FROM audit_log"));
    }

    [Fact]
    public async Task The_database_refuses_a_row_that_does_not_extend_the_chain()
    {
        await db.AppendAsync(Entries.CaseCreated());
        var last = await db.ScalarAsync("SELECT max(seq) FROM audit_log");
        const string insert =
            "INSERT INTO audit_log (seq, event_id, event_type, source, partner_id, occurred_at, recorded_at, data, prev_hash, hash) " +
            "VALUES (@seq, gen_random_uuid(), 't', '/s', 'p', now(), now(), '{}', @prev, @hash)";

        // a gap, a wrong link, a wrong hash
        var gap = await Assert.ThrowsAsync<PostgresException>(() =>
            db.ExecuteAsync(insert, ("seq", last + 2), ("prev", new byte[32]), ("hash", new byte[32])));
        var fork = await Assert.ThrowsAsync<PostgresException>(() =>
            db.ExecuteAsync(insert, ("seq", last + 1), ("prev", new byte[32]), ("hash", new byte[32])));
        var lastHash = await LastHashAsync();
        var wrongHash = await Assert.ThrowsAsync<PostgresException>(() =>
            db.ExecuteAsync(insert, ("seq", last + 1), ("prev", lastHash), ("hash", new byte[32])));

        Assert.All([gap, fork, wrongHash], e => Assert.Equal(PostgresErrorCodes.IntegrityConstraintViolation, e.SqlState));
        Assert.Contains("does not follow", gap.MessageText, StringComparison.Ordinal);
        Assert.Contains("prev_hash", fork.MessageText, StringComparison.Ordinal);
        Assert.Contains("hash does not match", wrongHash.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_postgresql_cannot_store_as_jsonb_is_reported_as_unstorable()
    {
        var entry = Entries.CaseCreated();

        var error = await Assert.ThrowsAsync<UnstorableDataException>(() => db.AppendAsync(entry.WithData("{\"a\": \"\\u0000\"}")));

        Assert.Contains("jsonb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statistics_tables_follow_every_append_counting_each_topic_of_a_batch()
    {
        var (topic, other) = ("kyc.stats-" + Guid.NewGuid().ToString("N")[..8] + ".events", "kyc.stats-" + Guid.NewGuid().ToString("N")[..8] + ".other");
        var e1 = Entries.CaseCreated(at: Entries.Base);
        var e2 = Entries.CaseCreated(at: Entries.Base.AddDays(1));
        await db.AppendAsync(WithTopic(e1, topic), WithTopic(Entries.CaseCreated(), other), WithTopic(e2, topic));
        var last = Assert.IsType<AppendResult.Appended>((await db.AppendAsync(WithTopic(Entries.CaseCreated(), topic))).Single()).Record;

        Assert.Equal(3, await db.ScalarAsync("SELECT events FROM audit_topic_stats WHERE topic = @t", ("t", topic)));
        Assert.Equal(1, await db.ScalarAsync("SELECT events FROM audit_topic_stats WHERE topic = @t", ("t", other)));
        Assert.Equal(last.Seq, await db.ScalarAsync("SELECT last_seq FROM audit_topic_stats WHERE topic = @t", ("t", topic)));
    }

    [Fact]
    public async Task Daily_counts_count_each_day_of_a_batch()
    {
        var day = Entries.Base.AddYears(-60).AddDays(Random.Shared.Next(20_000)); // a day no other test appends on
        await db.AppendAsync(Entries.CaseCreated(at: day), Entries.CaseCreated(at: day.AddDays(1)), Entries.CaseCreated(at: day.AddHours(1)));

        const string count = "SELECT coalesce(sum(events), 0) FROM audit_daily_counts WHERE day = @day";
        Assert.Equal(2, await db.ScalarAsync(count, ("day", DateOnly.FromDateTime(day.UtcDateTime))));
        Assert.Equal(1, await db.ScalarAsync(count, ("day", DateOnly.FromDateTime(day.AddDays(1).UtcDateTime))));
    }

    private static Kyc.Audit.Domain.Log.AuditEntry WithTopic(Kyc.Audit.Domain.Log.AuditEntry e, string topic) =>
        new(e.EventId, e.EventType, e.Source, e.Subject, e.PartnerId, e.CorrelationId, e.TraceId, e.DataSchema, e.OccurredAt, e.RecordedAt, topic, 0, 1, e.Data);

    private async Task<byte[]> LastHashAsync()
    {
        await using var cmd = db.DataSource.CreateCommand("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1");
        return (byte[])(await cmd.ExecuteScalarAsync())!;
    }
}
