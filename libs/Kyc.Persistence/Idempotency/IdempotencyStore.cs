using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Kyc.Persistence.Idempotency;

/// <summary>
/// Durable Idempotency-Key records, scoped per partner, used inside the command's own transaction so that the stored
/// response commits (or rolls back) together with the business change and its outbox events.
/// </summary>
/// <remarks>
/// Use the default READ COMMITTED isolation. A second transaction beginning the same key while the first is still
/// open blocks on the primary key until the first commits (it then replays) or rolls back (it then proceeds).
/// </remarks>
public sealed class IdempotencyStore
{
    private readonly TimeSpan _retention;

    public IdempotencyStore() : this(new IdempotencyOptions()) { }

    public IdempotencyStore(IdempotencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Retention, TimeSpan.Zero);
        _retention = options.Retention;
    }

    /// <summary>Claims the key for this request, or says how to answer when it was used before.</summary>
    public async Task<IdempotencyOutcome> BeginAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string partnerId, string key, string requestHash,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentException.ThrowIfNullOrEmpty(requestHash);
        if (!IdempotencyKey.IsValidKey(key)) throw new ArgumentException("The idempotency key is not valid.", nameof(key));

        // An expired key that was not purged yet is free again. The SELECT reads the row this transaction inserted,
        // or the one that a concurrent transaction committed while the INSERT waited for it.
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                KeyCommand("DELETE FROM idempotency_keys WHERE partner_id = @partner_id AND key = @key AND expires_at <= now()", partnerId, key),
                KeyCommand(
                    """
                    INSERT INTO idempotency_keys (partner_id, key, request_hash, expires_at)
                    VALUES (@partner_id, @key, @request_hash, now() + @retention)
                    ON CONFLICT (partner_id, key) DO NOTHING
                    """,
                    partnerId, key,
                    new NpgsqlParameter("request_hash", requestHash),
                    new NpgsqlParameter("retention", NpgsqlDbType.Interval) { Value = _retention }),
                KeyCommand(
                    """
                    SELECT request_hash, response_status, response_content_type, response_headers::text, response_body
                    FROM idempotency_keys WHERE partner_id = @partner_id AND key = @key
                    """,
                    partnerId, key),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new InvalidOperationException("The idempotency key row vanished within the transaction.");
        var storedHash = reader.GetString(0);
        StoredResponse? response = await reader.IsDBNullAsync(1, cancellationToken)
            ? null
            : new StoredResponse(
                reader.GetInt32(1),
                await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetString(2),
                ReadHeaders(reader.GetString(3)),
                reader.GetFieldValue<byte[]>(4));
        await reader.CloseAsync();

        if (batch.BatchCommands[1].RecordsAffected == 1) return new IdempotencyOutcome.Proceed();
        if (!string.Equals(storedHash, requestHash, StringComparison.Ordinal)) return new IdempotencyOutcome.Mismatch();
        return response is not null
            ? new IdempotencyOutcome.Replay(response)
            : throw new InvalidOperationException(
                $"Idempotency key '{key}' of partner '{partnerId}' was committed without a response: CompleteAsync must run before commit.");
    }

    /// <summary>Stores the response for a key this transaction began; call it just before commit.</summary>
    public async Task CompleteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string partnerId, string key, StoredResponse response,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        await using var command = new NpgsqlCommand(
            """
            UPDATE idempotency_keys
            SET response_status = @status, response_content_type = @content_type, response_headers = @headers::jsonb, response_body = @body
            WHERE partner_id = @partner_id AND key = @key AND response_status IS NULL
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("partner_id", partnerId);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("status", response.Status);
        command.Parameters.Add(new NpgsqlParameter("content_type", NpgsqlDbType.Text) { Value = (object?)response.ContentType ?? DBNull.Value });
        command.Parameters.AddWithValue("headers", JsonSerializer.Serialize(response.Headers));
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Bytea) { Value = response.Body.ToArray() });
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            throw new InvalidOperationException(
                $"Idempotency key '{key}' of partner '{partnerId}' is not pending in this transaction: call BeginAsync first, and CompleteAsync once.");
    }

    /// <summary>Deletes keys past their expiry; returns how many. Run it periodically (a hosted service or cron job).</summary>
    public async Task<int> PurgeExpiredAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand("DELETE FROM idempotency_keys WHERE expires_at <= now()");
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand KeyCommand(string sql, string partnerId, string key, params NpgsqlParameter[] extra)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("partner_id", partnerId);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddRange(extra);
        return command;
    }

    private static Dictionary<string, string> ReadHeaders(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [], StringComparer.OrdinalIgnoreCase);
}
