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

        // One statement on the usual path: a new key is inserted, and an expired one that was not purged yet is
        // taken over. A key held by a concurrent transaction makes this wait until that one commits or rolls back.
        await using (var claim = new NpgsqlCommand(
            """
            INSERT INTO idempotency_keys (partner_id, key, request_hash, expires_at)
            VALUES (@partner_id, @key, @request_hash, now() + @retention)
            ON CONFLICT (partner_id, key) DO UPDATE
            SET request_hash = EXCLUDED.request_hash, expires_at = EXCLUDED.expires_at, created_at = now(),
                response_status = NULL, response_content_type = NULL, response_headers = NULL, response_body = NULL
            WHERE idempotency_keys.expires_at <= now()
            """,
            connection, transaction))
        {
            AddKey(claim.Parameters, partnerId, key);
            claim.Parameters.Add(new NpgsqlParameter<string>("request_hash", requestHash));
            claim.Parameters.Add(new NpgsqlParameter<TimeSpan>("retention", _retention));
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 1) return new IdempotencyOutcome.Proceed();
        }

        // The key is held and alive: READ COMMITTED gives this statement a snapshot that sees the committed holder.
        await using var select = new NpgsqlCommand(SelectSql, connection, transaction);
        AddKey(select.Parameters, partnerId, key);
        return await ReadAnswerAsync(select, partnerId, key, requestHash, cancellationToken)
            ?? throw new InvalidOperationException("The idempotency key row vanished within the transaction.");
    }

    /// <summary>
    /// How a committed key that has not expired answers this request (<c>Replay</c> or <c>Mismatch</c>), without claiming
    /// or locking it; null when there is none. For a request that was refused: a repeat of one that succeeded before
    /// gets its first answer.
    /// </summary>
    public static async Task<IdempotencyOutcome?> FindAnswerAsync(
        NpgsqlDataSource dataSource, string partnerId, string key, string requestHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var select = dataSource.CreateCommand(SelectSql + " AND expires_at > now()");
        AddKey(select.Parameters, partnerId, key);
        return await ReadAnswerAsync(select, partnerId, key, requestHash, cancellationToken);
    }

    private const string SelectSql = """
        SELECT request_hash, response_status, response_content_type, response_headers::text, response_body
        FROM idempotency_keys WHERE partner_id = @partner_id AND key = @key
        """;

    private static async Task<IdempotencyOutcome?> ReadAnswerAsync(
        NpgsqlCommand select, string partnerId, string key, string requestHash, CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        if (!string.Equals(reader.GetString(0), requestHash, StringComparison.Ordinal)) return new IdempotencyOutcome.Mismatch();
        if (await reader.IsDBNullAsync(1, cancellationToken))
            throw new InvalidOperationException(
                $"Idempotency key '{key}' of partner '{partnerId}' was committed without a response: CompleteAsync must run before commit.");
        return new IdempotencyOutcome.Replay(new StoredResponse(
            reader.GetInt32(1),
            await reader.IsDBNullAsync(2, cancellationToken) ? null : reader.GetString(2),
            ReadHeaders(reader.GetString(3)),
            reader.GetFieldValue<byte[]>(4)));
    }

    /// <summary>
    /// Claims a new key and stores its response in one statement, for the caller's batch of writes at commit: the
    /// usual path costs no round trip of its own. When the key exists (used before, expired but not purged yet, or
    /// held by a transaction still running, which this waits for) the statement fails with a unique violation that
    /// aborts the transaction (<see cref="IsKeyTaken"/>): roll back, then answer with <see cref="FindAnswerAsync"/>, or (an
    /// expired key) <see cref="ForgetIfExpiredAsync"/> and run again. When every writer of a table claims its keys
    /// this way (at commit, after locking what it changes), two claimants of one key cannot deadlock.
    /// </summary>
    public NpgsqlBatchCommand ClaimCompletedCommand(string partnerId, string key, string requestHash, StoredResponse response)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentException.ThrowIfNullOrEmpty(requestHash);
        if (!IdempotencyKey.IsValidKey(key)) throw new ArgumentException("The idempotency key is not valid.", nameof(key));
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO idempotency_keys
                (partner_id, key, request_hash, expires_at, response_status, response_content_type, response_headers, response_body)
            VALUES (@partner_id, @key, @request_hash, now() + @retention, @status, @content_type, @headers::jsonb, @body)
            """);
        AddKey(command.Parameters, partnerId, key);
        command.Parameters.Add(new NpgsqlParameter<string>("request_hash", requestHash));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("retention", _retention));
        AddResponse(command.Parameters, response);
        return command;
    }

    /// <summary>Whether <paramref name="exception"/> is the failure of a <see cref="ClaimCompletedCommand"/> whose key exists.</summary>
    public static bool IsKeyTaken(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "idempotency_keys" };

    /// <summary>Stores the response for a key this transaction began; call it just before commit.</summary>
    public async Task CompleteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string partnerId, string key, StoredResponse response,
        CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE idempotency_keys
            SET response_status = @status, response_content_type = @content_type, response_headers = @headers::jsonb, response_body = @body
            WHERE partner_id = @partner_id AND key = @key AND response_status IS NULL
            """,
            connection, transaction);
        AddKey(command.Parameters, partnerId, key);
        AddResponse(command.Parameters, response);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            throw new InvalidOperationException(
                $"Idempotency key '{key}' of partner '{partnerId}' is not pending in this transaction: call BeginAsync first, and CompleteAsync once.");
    }

    private static void AddResponse(NpgsqlParameterCollection parameters, StoredResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        parameters.Add(new NpgsqlParameter<int>("status", response.Status));
        parameters.Add(new NpgsqlParameter("content_type", NpgsqlDbType.Text) { Value = (object?)response.ContentType ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter<string>("headers", JsonSerializer.Serialize(response.Headers)));
        parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Bytea) { Value = response.Body.ToArray() });
    }

    /// <summary>Deletes keys past their expiry; returns how many. Run it periodically (a hosted service or cron job).</summary>
    public async Task<int> PurgeExpiredAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand("DELETE FROM idempotency_keys WHERE expires_at <= now()");
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether the partner's key is held, unexpired, in this database (key metadata only, no response).</summary>
    public static async Task<bool> IsHeldAsync(NpgsqlDataSource dataSource, string partnerId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE partner_id = @partner_id AND key = @key AND expires_at > now())");
        AddKey(command.Parameters, partnerId, key);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Deletes one key if it has expired, before its purge: a request under it can then claim it anew.</summary>
    public static async Task ForgetIfExpiredAsync(NpgsqlDataSource dataSource, string partnerId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            "DELETE FROM idempotency_keys WHERE partner_id = @partner_id AND key = @key AND expires_at <= now()");
        AddKey(command.Parameters, partnerId, key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddKey(NpgsqlParameterCollection parameters, string partnerId, string key)
    {
        parameters.Add(new NpgsqlParameter<string>("partner_id", partnerId));
        parameters.Add(new NpgsqlParameter<string>("key", key));
    }

    private static Dictionary<string, string> ReadHeaders(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [], StringComparer.OrdinalIgnoreCase);
}
