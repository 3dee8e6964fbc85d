using System.Collections.Concurrent;
using System.Text;
using Kyc.Messaging.CloudEvents;
using Kyc.Messaging.Consuming;
using Npgsql;

namespace Kyc.Messaging.Tests.Support;

/// <summary>One call of the test handler: its effect row is already written in <see cref="Transaction"/>.</summary>
public sealed record HandlerCall(CloudEvent Event, NpgsqlConnection Connection, NpgsqlTransaction Transaction, int Attempt, CancellationToken CancellationToken);

/// <summary>One batch call of the test batch handler: the effect rows of all its events are already written in <see cref="Transaction"/>.</summary>
public sealed record BatchCall(IReadOnlyList<ConsumedEvent> Events, NpgsqlConnection Connection, NpgsqlTransaction Transaction, CancellationToken CancellationToken);

/// <summary>What the test handlers do after writing their effects: nothing by default; a test can make them throw or block.</summary>
public sealed class HandlerScript(string consumerGroup)
{
    public string ConsumerGroup { get; } = consumerGroup;

    public Func<HandlerCall, Task>? Behavior { get; set; }

    public Func<BatchCall, Task>? BatchBehavior { get; set; }

    /// <summary>Single-event calls per event id (every attempt, committed or not).</summary>
    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    /// <summary>The event ids of every batch call, in call order (committed or not).</summary>
    public ConcurrentQueue<IReadOnlyList<string>> Batches { get; } = new();

    public int AttemptsOf(CloudEvent e) => Attempts.GetValueOrDefault(e.Id);

    public int TotalCalls => Attempts.Values.Sum();
}

/// <summary>A handler like a real one: writes its effect through the given transaction, then follows the script.</summary>
public sealed class ScriptedHandler(HandlerScript script) : IIdempotentEventHandler
{
    public async Task HandleAsync(CloudEvent e, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var attempt = script.Attempts.AddOrUpdate(e.Id, 1, (_, n) => n + 1);
        await WriteEffectAsync(script.ConsumerGroup, e, attempt, connection, transaction, cancellationToken);
        if (script.Behavior is { } behavior) await behavior(new HandlerCall(e, connection, transaction, attempt, cancellationToken));
    }

    internal static async Task WriteEffectAsync(
        string consumerGroup, CloudEvent e, int attempt, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO test_effects (consumer_group, event_id, subject, data, attempt) VALUES (@group, @id, @subject, @data::jsonb, @attempt)",
            connection, transaction);
        command.Parameters.AddWithValue("group", consumerGroup);
        command.Parameters.AddWithValue("id", Guid.Parse(e.Id));
        command.Parameters.AddWithValue("subject", (object?)e.Subject ?? DBNull.Value);
        command.Parameters.AddWithValue("data", Encoding.UTF8.GetString(e.Data.Span));
        command.Parameters.AddWithValue("attempt", attempt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// The scripted handler with batches: a batch writes the effect of each of its events (attempt 0: written by a batch),
/// then follows <see cref="HandlerScript.BatchBehavior"/>; single events (the fallback) go through <see cref="ScriptedHandler"/>.
/// </summary>
public sealed class ScriptedBatchHandler(HandlerScript script) : IIdempotentBatchEventHandler
{
    private readonly ScriptedHandler _single = new(script);

    public Task HandleAsync(CloudEvent e, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        _single.HandleAsync(e, connection, transaction, cancellationToken);

    public async Task HandleBatchAsync(
        IReadOnlyList<ConsumedEvent> events, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        script.Batches.Enqueue([.. events.Select(e => e.Event.Id)]);
        foreach (var consumed in events)
            await ScriptedHandler.WriteEffectAsync(script.ConsumerGroup, consumed.Event, 0, connection, transaction, cancellationToken);
        if (script.BatchBehavior is { } behavior) await behavior(new BatchCall(events, connection, transaction, cancellationToken));
    }
}
