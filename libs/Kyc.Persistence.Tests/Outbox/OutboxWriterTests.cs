using System.Text.Json.Nodes;
using Kyc.Persistence.Outbox;
using Kyc.Persistence.Tests.Support;
using Npgsql;
using Xunit;

namespace Kyc.Persistence.Tests.Outbox;

public sealed class OutboxWriterTests(PersistenceDatabase database) : IClassFixture<PersistenceDatabase>
{
    [Fact]
    public async Task Messages_committed_with_the_transaction_are_stored_in_order_with_all_attributes()
    {
        var partner = NewPartner();
        var time = new DateTimeOffset(2025, 3, 1, 14, 30, 15, 123, 456, TimeSpan.FromHours(2));
        OutboxMessage[] messages =
        [
            new(Guid.CreateVersion7(), "kyc.onboarding.events", "kyc.onboarding.case_opened.v1", "/onboarding", "case-1", partner, time,
                """{"case_id": "case-1", "legal_name": "Žluťoučký kůň s.r.o.", "ubos": [{"share": 25.5}]}""",
                "https://schemas.kyc.example/onboarding/case_opened/v1.json",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "kyc=1", "corr-1"),
            new(Guid.CreateVersion7(), "kyc.onboarding.events", "kyc.onboarding.party_added.v1", "/onboarding", "case-1", partner, time.AddSeconds(1),
                """{"party_id": "p-9"}"""),
            new(Guid.CreateVersion7(), "kyc.onboarding.events", "kyc.onboarding.case_submitted.v1", "/onboarding", "case-1", partner, time.AddSeconds(2),
                """{}"""),
        ];

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await OutboxWriter.AppendAsync(connection, transaction, messages);
            await transaction.CommitAsync();
        }

        var rows = await ReadRowsAsync(partner);
        Assert.Equal(messages.Select(m => m.Id), rows.Select(r => r.Message.Id));
        Assert.True(rows[0].Sequence < rows[1].Sequence && rows[1].Sequence < rows[2].Sequence);
        for (var i = 0; i < messages.Length; i++)
        {
            Assert.Equal(messages[i] with { Data = "" }, rows[i].Message with { Data = "" });
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(messages[i].Data), JsonNode.Parse(rows[i].Message.Data)));
            Assert.Null(rows[i].PublishedAt);
            Assert.Equal(0, rows[i].Attempts);
            Assert.Null(rows[i].LastError);
        }
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_no_outbox_row()
    {
        var partner = NewPartner();

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await OutboxWriter.AppendAsync(connection, transaction, [NewMessage(partner), NewMessage(partner)]);
            await transaction.RollbackAsync();
        }

        Assert.Empty(await ReadRowsAsync(partner));
    }

    [Fact]
    public async Task Appends_in_one_transaction_keep_their_order_across_calls()
    {
        var partner = NewPartner();
        OutboxMessage[] first = [NewMessage(partner), NewMessage(partner)];
        OutboxMessage[] second = [NewMessage(partner)];

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await OutboxWriter.AppendAsync(connection, transaction, first);
            await OutboxWriter.AppendAsync(connection, transaction, []);
            await OutboxWriter.AppendAsync(connection, transaction, second);
            await transaction.CommitAsync();
        }

        Assert.Equal(first.Concat(second).Select(m => m.Id), (await ReadRowsAsync(partner)).Select(r => r.Message.Id));
    }

    private static string NewPartner() => $"partner-{Guid.NewGuid():N}";

    private static OutboxMessage NewMessage(string partner) =>
        OutboxMessage.Create("kyc.onboarding.events", "kyc.onboarding.case_opened.v1", "/onboarding", "case-1", partner, DateTimeOffset.UtcNow, """{"n": 1}""");

    private async Task<List<StoredRow>> ReadRowsAsync(string partner)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            SELECT id, topic, event_type, source, subject, partner_id, occurred_at, data::text, data_schema, traceparent, tracestate,
                   correlation_id, sequence, published_at, attempts, last_error
            FROM outbox WHERE partner_id = @partner ORDER BY sequence
            """);
        command.Parameters.AddWithValue("partner", partner);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<StoredRow>();
        while (await reader.ReadAsync())
        {
            var message = new OutboxMessage(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7), NullableString(reader, 8), NullableString(reader, 9),
                NullableString(reader, 10), NullableString(reader, 11));
            rows.Add(new StoredRow(
                message, reader.GetInt64(12), reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13), reader.GetInt32(14),
                NullableString(reader, 15)));
        }
        return rows;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private sealed record StoredRow(OutboxMessage Message, long Sequence, DateTimeOffset? PublishedAt, int Attempts, string? LastError);
}
