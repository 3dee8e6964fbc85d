using Kyc.Messaging.Consuming;
using Kyc.Messaging.Tests.Support;
using Xunit;

namespace Kyc.Messaging.Tests.Consuming;

public sealed class InboxTests(MessagingDatabase database) : IClassFixture<MessagingDatabase>
{
    [Fact]
    public async Task An_event_is_recorded_once_per_consumer_group()
    {
        var id = Guid.CreateVersion7();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        Assert.True(await Inbox.TryRecordAsync(connection, transaction, "group-a", id, CancellationToken.None));
        Assert.False(await Inbox.TryRecordAsync(connection, transaction, "group-a", id, CancellationToken.None));
        Assert.True(await Inbox.TryRecordAsync(connection, transaction, "group-b", id, CancellationToken.None));
    }

    [Fact]
    public async Task Recording_many_returns_the_ids_that_were_new_once_each()
    {
        var (known, fresh, repeated) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.True(await Inbox.TryRecordAsync(connection, transaction, "group-a", known, CancellationToken.None));

        var recorded = await Inbox.RecordNewAsync(connection, transaction, "group-a", [repeated, known, fresh, repeated], CancellationToken.None);

        Assert.Equal(new[] { fresh, repeated }.Order(), recorded.Order());
        Assert.Empty(await Inbox.RecordNewAsync(connection, transaction, "group-a", [fresh, known], CancellationToken.None));
        Assert.Equal(new[] { known, fresh }.Order(), (await Inbox.RecordNewAsync(connection, transaction, "group-b", [known, fresh], CancellationToken.None)).Order());
    }

    [Fact]
    public async Task Purging_deletes_only_rows_older_than_the_retention()
    {
        var group = "purge-" + Guid.NewGuid().ToString("N");
        var old = Guid.CreateVersion7();
        var recent = Guid.CreateVersion7();
        await using (var command = database.DataSource.CreateCommand(
            "INSERT INTO inbox (consumer_group, event_id, processed_at) VALUES (@g, @old, now() - interval '40 days'), (@g, @recent, now() - interval '1 day')"))
        {
            command.Parameters.AddWithValue("g", group);
            command.Parameters.AddWithValue("old", old);
            command.Parameters.AddWithValue("recent", recent);
            await command.ExecuteNonQueryAsync();
        }

        var deleted = await Inbox.PurgeAsync(database.DataSource, TimeSpan.FromDays(30));

        Assert.True(deleted >= 1);
        Assert.Equal(new[] { recent }, await database.InboxAsync(group));
    }
}
