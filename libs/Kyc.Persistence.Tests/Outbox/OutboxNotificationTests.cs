using System.Threading.Channels;
using Kyc.Persistence.Outbox;
using Kyc.Persistence.Tests.Support;
using Npgsql;
using Xunit;

namespace Kyc.Persistence.Tests.Outbox;

/// <summary>
/// The relay LISTENs on <c>kyc_outbox</c>. PostgreSQL delivers notifications in commit order, so a marker notified
/// by another session is a deterministic "nothing came before this" checkpoint, without waiting for a timeout.
/// </summary>
public sealed class OutboxNotificationTests(PersistenceDatabase database) : IClassFixture<PersistenceDatabase>
{
    private const string Channel = "kyc_outbox";

    [Fact]
    public async Task A_listener_is_notified_when_the_appending_transaction_commits_and_not_before()
    {
        await using var listener = await Listener.StartAsync(database);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await OutboxWriter.AppendAsync(connection, transaction, [NewMessage(), NewMessage()]);

        await NotifyMarkerAsync("before commit");
        Assert.Equal("before commit", await listener.NextPayloadAsync());

        await transaction.CommitAsync();
        Assert.Equal("", await listener.NextPayloadAsync());
        await NotifyMarkerAsync("after commit");
        Assert.Equal("after commit", await listener.NextPayloadAsync());
    }

    [Fact]
    public async Task A_rolled_back_append_notifies_nobody()
    {
        await using var listener = await Listener.StartAsync(database);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await OutboxWriter.AppendAsync(connection, transaction, [NewMessage()]);
            await transaction.RollbackAsync();
        }

        await NotifyMarkerAsync("after rollback");

        Assert.Equal("after rollback", await listener.NextPayloadAsync());
    }

    private async Task NotifyMarkerAsync(string payload)
    {
        await using var command = database.DataSource.CreateCommand("SELECT pg_notify(@channel, @payload)");
        command.Parameters.AddWithValue("channel", Channel);
        command.Parameters.AddWithValue("payload", payload);
        await command.ExecuteNonQueryAsync();
    }

    private static OutboxMessage NewMessage() =>
        OutboxMessage.Create("kyc.onboarding.events", "kyc.onboarding.case_opened.v1", "/onboarding", "case-1", "partner-1", DateTimeOffset.UtcNow, "{}");

    private sealed class Listener : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly Channel<string> _payloads = System.Threading.Channels.Channel.CreateUnbounded<string>();

        private Listener(NpgsqlConnection connection)
        {
            _connection = connection;
            _connection.Notification += (_, e) => _payloads.Writer.TryWrite(e.Payload);
        }

        public static async Task<Listener> StartAsync(PersistenceDatabase database)
        {
            var listener = new Listener(await database.DataSource.OpenConnectionAsync());
            await using var listen = new NpgsqlCommand($"LISTEN {Channel}", listener._connection);
            await listen.ExecuteNonQueryAsync();
            return listener;
        }

        public async Task<string> NextPayloadAsync()
        {
            // The bound only stops a broken test; every expected notification is already on its way.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            string? payload;
            while (!_payloads.Reader.TryRead(out payload))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("No notification arrived.");
                await _connection.WaitAsync(TimeSpan.FromSeconds(1));
            }
            return payload;
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
