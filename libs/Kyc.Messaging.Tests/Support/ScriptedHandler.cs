using System.Collections.Concurrent;
using System.Text;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Consuming;
using Npgsql;

namespace Kyc.Messaging.Tests.Support;

/// <summary>One call of the test handler: its effect row is already written in <see cref="Transaction"/>.</summary>
public sealed record HandlerCall(CloudEvent Event, NpgsqlConnection Connection, NpgsqlTransaction Transaction, int Attempt, CancellationToken CancellationToken);

/// <summary>What the test handler does after writing its effect: nothing by default; a test can make it throw or block.</summary>
public sealed class HandlerScript(string consumerGroup)
{
    public string ConsumerGroup { get; } = consumerGroup;

    public Func<HandlerCall, Task>? Behavior { get; set; }

    /// <summary>Calls per event id (every attempt, committed or not).</summary>
    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    public int AttemptsOf(CloudEvent e) => Attempts.GetValueOrDefault(e.Id);

    public int TotalCalls => Attempts.Values.Sum();
}

/// <summary>A handler like a real one: writes its effect through the given transaction, then follows the script.</summary>
public sealed class ScriptedHandler(HandlerScript script) : IIdempotentEventHandler
{
    public async Task HandleAsync(CloudEvent e, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var attempt = script.Attempts.AddOrUpdate(e.Id, 1, (_, n) => n + 1);
        await using (var command = new NpgsqlCommand(
            "INSERT INTO test_effects (consumer_group, event_id, subject, data, attempt) VALUES (@group, @id, @subject, @data::jsonb, @attempt)",
            connection, transaction))
        {
            command.Parameters.AddWithValue("group", script.ConsumerGroup);
            command.Parameters.AddWithValue("id", Guid.Parse(e.Id));
            command.Parameters.AddWithValue("subject", (object?)e.Subject ?? DBNull.Value);
            command.Parameters.AddWithValue("data", Encoding.UTF8.GetString(e.Data.Span));
            command.Parameters.AddWithValue("attempt", attempt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        if (script.Behavior is { } behavior) await behavior(new HandlerCall(e, connection, transaction, attempt, cancellationToken));
    }
}
