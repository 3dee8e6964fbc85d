using Npgsql;
using NpgsqlTypes;

namespace Kyc.Persistence.Outbox;

/// <summary>Appends integration events to the <c>outbox</c> table inside the caller's transaction.</summary>
public static class OutboxWriter
{
    // One statement for all the messages: one round trip, and identity values (the sequence)
    // assigned in the order of the collection.
    private const string InsertSql = """
        INSERT INTO outbox (id, topic, event_type, source, subject, partner_id, occurred_at, data, data_schema, traceparent, tracestate, correlation_id)
        SELECT id, topic, event_type, source, subject, partner_id, occurred_at, data::jsonb, data_schema, traceparent, tracestate, correlation_id
        FROM unnest(@ids, @topics, @types, @sources, @subjects, @partner_ids, @times, @data, @data_schemas, @traceparents, @tracestates, @correlation_ids)
             WITH ORDINALITY AS m(id, topic, event_type, source, subject, partner_id, occurred_at, data, data_schema, traceparent, tracestate, correlation_id, position)
        ORDER BY position
        """;

    /// <summary>Inserts <paramref name="messages"/> in order; they become visible to the relay when the transaction commits.</summary>
    public static async Task AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<OutboxMessage> messages,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(messages);
        if (transaction.Connection != connection)
            throw new ArgumentException("The transaction does not belong to the connection.", nameof(transaction));
        if (messages.Count == 0) return;

        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { AppendCommand(messages) } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary><see cref="AppendAsync"/> as a command for the caller's own batch, in the transaction of the business change.</summary>
    public static NpgsqlBatchCommand AppendCommand(IReadOnlyCollection<OutboxMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) throw new ArgumentException("There is nothing to append.", nameof(messages));
        var command = new NpgsqlBatchCommand(InsertSql);
        AddArray(command, "ids", NpgsqlDbType.Uuid, messages.Select(m => m.Id));
        AddArray(command, "topics", NpgsqlDbType.Text, messages.Select(m => m.Topic));
        AddArray(command, "types", NpgsqlDbType.Text, messages.Select(m => m.Type));
        AddArray(command, "sources", NpgsqlDbType.Text, messages.Select(m => m.Source));
        AddArray(command, "subjects", NpgsqlDbType.Text, messages.Select(m => m.Subject));
        AddArray(command, "partner_ids", NpgsqlDbType.Text, messages.Select(m => m.PartnerId));
        AddArray(command, "times", NpgsqlDbType.TimestampTz, messages.Select(m => m.Time.ToUniversalTime()));
        AddArray(command, "data", NpgsqlDbType.Text, messages.Select(m => m.Data));
        AddArray(command, "data_schemas", NpgsqlDbType.Text, messages.Select(m => m.DataSchema));
        AddArray(command, "traceparents", NpgsqlDbType.Text, messages.Select(m => m.TraceParent));
        AddArray(command, "tracestates", NpgsqlDbType.Text, messages.Select(m => m.TraceState));
        AddArray(command, "correlation_ids", NpgsqlDbType.Text, messages.Select(m => m.CorrelationId));
        return command;
    }

    private static void AddArray<T>(NpgsqlBatchCommand command, string name, NpgsqlDbType elementType, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | elementType) { Value = values.ToArray() });
}
