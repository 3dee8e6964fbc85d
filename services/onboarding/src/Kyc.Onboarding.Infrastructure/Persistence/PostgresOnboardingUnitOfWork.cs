using System.Text.Json;
using Kyc.Contracts;
using Kyc.Onboarding.Application.Cases;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Persistence.Idempotency;
using Kyc.Persistence.Outbox;
using Microsoft.Extensions.Logging;
using Npgsql;
using AppStoredResponse = Kyc.Onboarding.Application.Ports.StoredResponse;
using StoreResponse = Kyc.Persistence.Idempotency.StoredResponse;

namespace Kyc.Onboarding.Infrastructure.Persistence;

/// <summary>
/// One transaction on one region's database (see <see cref="IOnboardingUnitOfWork"/>). Reads go to the database at once;
/// writes (the case, its outbox events, the Idempotency-Key and its response) wait and go in one batch at commit, with
/// the COMMIT itself when no write needs checking afterwards: a create costs one round trip.
/// </summary>
internal sealed class PostgresOnboardingUnitOfWork(
    NpgsqlConnection connection, NpgsqlTransaction transaction, string region, IdempotencyStore idempotency, ICorrelationContext correlation,
    OutboxWakeup outboxWakeup)
    : IOnboardingUnitOfWork
{
    public const string EventSource = "/onboarding";

    private readonly List<PendingWrite> _writes = [];
    private bool _appendedEvents;

    public string Region { get; } = region;

    public void ClaimIdempotencyKeyAtCommit(string partnerId, string key, string requestHash, AppStoredResponse response) =>
        // First in the batch: a taken key fails the transaction before any other write runs.
        _writes.Insert(0, new PendingWrite(
            idempotency.ClaimCompletedCommand(partnerId, key, requestHash,
                new StoreResponse(response.Status, response.ContentType, response.Headers, response.Body)),
            Check: null));

    public async Task<OnboardingCase?> FindForUpdateAsync(string? partnerId, CaseId id, CancellationToken ct)
    {
        if (id.Region != Region) return null;
        await using var cmd = new NpgsqlCommand(
            $"SELECT {CaseRows.Columns} FROM cases WHERE id = @id AND (@partner_id::text IS NULL OR partner_id = @partner_id) FOR UPDATE",
            connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", id.Value));
        cmd.Parameters.Add(new NpgsqlParameter("partner_id", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)partnerId ?? DBNull.Value });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? CaseRows.Read(reader, Region) : null;
    }

    public Task InsertAsync(OnboardingCase @case, CancellationToken ct)
    {
        var insert = new NpgsqlBatchCommand(
            $"INSERT INTO cases ({CaseRows.Columns}) VALUES (@id, @partner_id, @status, @external_reference, @legal_name, @jurisdiction, " +
            "@entity_type, @company, @parties, @info_request, @decision, @version, @created_at, @updated_at, @submitted_at)");
        CaseRows.AddParameters(insert.Parameters, @case);
        _writes.Add(new PendingWrite(insert, Check: null));
        AppendEvents(@case);
        return Task.CompletedTask;
    }

    public Task UpdateAsync(OnboardingCase @case, int loadedVersion, CancellationToken ct)
    {
        var update = new NpgsqlBatchCommand(
            "UPDATE cases SET status = @status, external_reference = @external_reference, legal_name = @legal_name, " +
            "jurisdiction = @jurisdiction, entity_type = @entity_type, company = @company, parties = @parties, " +
            "info_request = @info_request, decision = @decision, version = @version, updated_at = @updated_at, submitted_at = @submitted_at " +
            "WHERE id = @id AND partner_id = @partner_id AND version = @loaded_version");
        CaseRows.AddParameters(update.Parameters, @case);
        update.Parameters.Add(new NpgsqlParameter<int>("loaded_version", loadedVersion));
        _writes.Add(new PendingWrite(update, executed =>
        {
            if (executed.RecordsAffected != 1)
                throw new UseCaseException(UseCaseErrors.PreconditionFailed, "The case was changed concurrently; read it again and retry.");
        }));
        AppendEvents(@case);
        return Task.CompletedTask;
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        // Writes whose outcome needs no check after they ran end with the COMMIT in the same batch: one round trip.
        // PostgreSQL skips the rest of a batch after a failed statement, so a failure never reaches the COMMIT.
        var commitInBatch = _writes.Count > 0 && _writes.TrueForAll(w => w.Check is null);
        if (_writes.Count > 0)
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var write in _writes) batch.BatchCommands.Add(write.Command);
            if (commitInBatch) batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            try
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (IdempotencyStore.IsKeyTaken(e))
            {
                throw new IdempotencyKeyTakenException(e);
            }
            foreach (var write in _writes) write.Check?.Invoke(write.Command);
        }
        if (!commitInBatch) await transaction.CommitAsync(ct);
        if (_appendedEvents) outboxWakeup.Signal();
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private void AppendEvents(OnboardingCase @case)
    {
        var messages = IntegrationEvents.Of(@case).Select(e => OutboxMessage.Create(
            e.Contract.Topic, e.Contract.CloudEventType, EventSource, e.Data.CaseId, e.Data.PartnerId, e.Data.OccurredAt,
            JsonSerializer.Serialize(e.Data, e.Data.GetType(), ContractJson.Options), e.Contract.DataSchema.ToString(),
            correlation.CorrelationId)).ToList();
        if (messages.Count == 0) return;
        _writes.Add(new PendingWrite(OutboxWriter.AppendCommand(messages), Check: null));
        _appendedEvents = true;
    }

    /// <summary>A write sent at commit, and what must hold once it ran (e.g. that it changed exactly one row).</summary>
    private sealed record PendingWrite(NpgsqlBatchCommand Command, Action<NpgsqlBatchCommand>? Check);
}

internal sealed partial class PostgresOnboardingUnitOfWorkFactory(
    RegionDatabases databases, IdempotencyStore idempotency, ICorrelationContext correlation, ILogger<PostgresOnboardingUnitOfWorkFactory> logger)
    : IOnboardingUnitOfWorkFactory
{
    /// <summary>How long another region may take to say whether it holds a key before it is passed over.</summary>
    private static readonly TimeSpan OtherRegionBudget = TimeSpan.FromSeconds(2);

    public async Task<IOnboardingUnitOfWork> BeginAsync(string region, CancellationToken ct)
    {
        var connection = await databases.For(region).OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            return new PostgresOnboardingUnitOfWork(connection, transaction, region, idempotency, correlation, databases.OutboxWakeupFor(region));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<IdempotencyClaim?> FindIdempotentAnswerAsync(string region, string partnerId, string key, string requestHash,
        CancellationToken ct) =>
        await IdempotencyStore.FindAnswerAsync(databases.For(region), partnerId, key, requestHash, ct) is { } outcome
            ? ToClaim(outcome)
            : null;

    private static IdempotencyClaim ToClaim(IdempotencyOutcome outcome) => outcome switch
    {
        IdempotencyOutcome.Replay r => new IdempotencyClaim.Replay(new AppStoredResponse(
            r.Response.Status, r.Response.ContentType ?? "application/json", r.Response.Headers, r.Response.Body.ToArray())),
        IdempotencyOutcome.Mismatch => new IdempotencyClaim.Mismatch(),
        _ => throw new InvalidOperationException($"A stored key cannot answer {outcome}."),
    };

    public Task ForgetExpiredIdempotencyKeyAsync(string region, string partnerId, string key, CancellationToken ct) =>
        IdempotencyStore.ForgetIfExpiredAsync(databases.For(region), partnerId, key, ct);

    public async Task<bool> IsKeyHeldElsewhereAsync(string partnerId, string key, string region, CancellationToken ct)
    {
        foreach (var (other, dataSource) in databases.ByRegion)
        {
            if (other == region) continue;
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(OtherRegionBudget);
            try
            {
                await using var cmd = dataSource.CreateCommand(
                    "SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE partner_id = @partner_id AND key = @key AND expires_at > now())");
                cmd.Parameters.Add(new NpgsqlParameter<string>("partner_id", partnerId));
                cmd.Parameters.Add(new NpgsqlParameter<string>("key", key));
                if (await cmd.ExecuteScalarAsync(budget.Token) is true) return true;
            }
            // One region's outage must not stop the others: its keys go unchecked until it is back.
            catch (Exception e) when (!ct.IsCancellationRequested && e is NpgsqlException { IsTransient: true } or OperationCanceledException)
            {
                LogOtherRegionUnavailable(logger, e, other, region);
            }
        }
        return false;
    }

    [LoggerMessage(EventId = 4310, Level = LogLevel.Warning,
        Message = "Region {OtherRegion} did not answer whether it holds an Idempotency-Key; a request for region {Region} went ahead without that check")]
    private static partial void LogOtherRegionUnavailable(ILogger logger, Exception exception, string otherRegion, string region);
}
