using System.Threading.Channels;
using Kyc.Persistence.Outbox;
using Kyc.Persistence.Tests.Support;
using Npgsql;
using Xunit;

namespace Kyc.Persistence.Tests.Outbox;

/// <summary>
/// The relay LISTENs on <c>kyc_outbox</c>; writers announce committed appends with <see cref="OutboxNotifier"/>. PostgreSQL
/// delivers notifications in commit order, so a marker notified by another session is a deterministic "nothing came
/// before this" checkpoint, without waiting for a timeout.
/// </summary>
public sealed class OutboxNotificationTests(PersistenceDatabase database) : IClassFixture<PersistenceDatabase>
{
    private const string Channel = "kyc_outbox";

    [Fact]
    public async Task Appending_notifies_nobody_and_the_committed_append_is_announced_by_the_writer()
    {
        await using var listener = await Listener.StartAsync(database);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await OutboxWriter.AppendAsync(connection, transaction, [NewMessage(), NewMessage()]);
            await transaction.CommitAsync();
        }
        await NotifyMarkerAsync("after commit");
        Assert.Equal("after commit", await listener.NextPayloadAsync());

        await OutboxNotifier.NotifyCommittedAsync(connection);

        Assert.Equal("", await listener.NextPayloadAsync());
    }

    [Fact]
    public async Task A_signalled_wakeup_notifies_the_relay()
    {
        await using var listener = await Listener.StartAsync(database);
        await using var wakeup = new OutboxWakeup(database.DataSource);

        wakeup.Signal();

        Assert.Equal("", await listener.NextPayloadAsync());
    }

    [Fact]
    public async Task Signals_that_arrive_while_a_wakeup_waits_out_its_interval_are_announced_by_one_notification()
    {
        var interval = TimeSpan.FromMilliseconds(300);
        await using var listener = await Listener.StartAsync(database);
        await using var wakeup = new OutboxWakeup(database.DataSource, interval);
        wakeup.Signal();
        Assert.Equal("", await listener.NextPayloadAsync());

        for (var i = 0; i < 20; i++) wakeup.Signal();

        Assert.Equal("", await listener.NextPayloadAsync());
        await Task.Delay(interval * 3); // long enough for a third notification, which must not come
        await NotifyMarkerAsync("nothing else");
        Assert.Equal("nothing else", await listener.NextPayloadAsync());
    }

    [Fact]
    public async Task The_outbox_has_no_trigger_that_would_notify_inside_the_writing_transaction()
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'outbox'::regclass AND NOT tgisinternal");

        Assert.Equal(0L, await command.ExecuteScalarAsync());
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
