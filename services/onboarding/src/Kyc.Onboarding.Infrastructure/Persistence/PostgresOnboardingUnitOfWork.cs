using System.Text.Json;
using Kyc.Contracts;
using Kyc.Onboarding.Application.Cases;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Persistence.Idempotency;
using Kyc.Persistence.Outbox;
using Npgsql;
using AppStoredResponse = Kyc.Onboarding.Application.Ports.StoredResponse;
using StoreResponse = Kyc.Persistence.Idempotency.StoredResponse;

namespace Kyc.Onboarding.Infrastructure.Persistence;

/// <summary>One transaction on one region's database (see <see cref="IOnboardingUnitOfWork"/>).</summary>
internal sealed class PostgresOnboardingUnitOfWork(
    NpgsqlConnection connection, NpgsqlTransaction transaction, string region, IdempotencyStore idempotency, ICorrelationContext correlation)
    : IOnboardingUnitOfWork
{
    public const string EventSource = "/onboarding";

    public string Region { get; } = region;

    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string partnerId, string key, string requestHash, CancellationToken ct) =>
        await idempotency.BeginAsync(connection, transaction, partnerId, key, requestHash, ct) switch
        {
            IdempotencyOutcome.Proceed => new IdempotencyClaim.Proceed(),
            IdempotencyOutcome.Replay r => new IdempotencyClaim.Replay(new AppStoredResponse(
                r.Response.Status, r.Response.ContentType ?? "application/json", r.Response.Headers, r.Response.Body.ToArray())),
            _ => new IdempotencyClaim.Mismatch(),
        };

    public Task SaveIdempotentResponseAsync(string partnerId, string key, AppStoredResponse response, CancellationToken ct) =>
        idempotency.CompleteAsync(connection, transaction, partnerId, key,
            new StoreResponse(response.Status, response.ContentType, response.Headers, response.Body), ct);

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

    public async Task InsertAsync(OnboardingCase @case, CancellationToken ct)
    {
        await using (var cmd = new NpgsqlCommand(
            $"INSERT INTO cases ({CaseRows.Columns}) VALUES (@id, @partner_id, @status, @external_reference, @legal_name, @jurisdiction, " +
            "@entity_type, @company, @parties, @info_request, @decision, @version, @created_at, @updated_at, @submitted_at)",
            connection, transaction))
        {
            CaseRows.AddParameters(cmd, @case);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await AppendEventsAsync(@case, ct);
    }

    public async Task UpdateAsync(OnboardingCase @case, int loadedVersion, CancellationToken ct)
    {
        await using (var cmd = new NpgsqlCommand(
            "UPDATE cases SET status = @status, external_reference = @external_reference, legal_name = @legal_name, " +
            "jurisdiction = @jurisdiction, entity_type = @entity_type, company = @company, parties = @parties, " +
            "info_request = @info_request, decision = @decision, version = @version, updated_at = @updated_at, submitted_at = @submitted_at " +
            "WHERE id = @id AND partner_id = @partner_id AND version = @loaded_version", connection, transaction))
        {
            CaseRows.AddParameters(cmd, @case);
            cmd.Parameters.Add(new NpgsqlParameter<int>("loaded_version", loadedVersion));
            if (await cmd.ExecuteNonQueryAsync(ct) != 1)
                throw new UseCaseException(UseCaseErrors.PreconditionFailed, "The case was changed concurrently; read it again and retry.");
        }
        await AppendEventsAsync(@case, ct);
    }

    private bool _appendedEvents;

    public async Task CommitAsync(CancellationToken ct)
    {
        await transaction.CommitAsync(ct);
        if (!_appendedEvents) return;
        try
        {
            await OutboxNotifier.NotifyCommittedAsync(connection, ct);
        }
        catch (NpgsqlException)
        {
            // The change and its events are committed; without the wake-up the relay's sweep publishes them shortly.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private Task AppendEventsAsync(OnboardingCase @case, CancellationToken ct)
    {
        var messages = IntegrationEvents.Of(@case).Select(e => OutboxMessage.Create(
            e.Contract.Topic, e.Contract.CloudEventType, EventSource, e.Data.CaseId, e.Data.PartnerId, e.Data.OccurredAt,
            JsonSerializer.Serialize(e.Data, e.Data.GetType(), ContractJson.Options), e.Contract.DataSchema.ToString(),
            correlation.CorrelationId)).ToList();
        if (messages.Count == 0) return Task.CompletedTask;
        _appendedEvents = true;
        return OutboxWriter.AppendAsync(connection, transaction, messages, ct);
    }
}

internal sealed class PostgresOnboardingUnitOfWorkFactory(RegionDatabases databases, IdempotencyStore idempotency, ICorrelationContext correlation)
    : IOnboardingUnitOfWorkFactory
{
    public async Task<IOnboardingUnitOfWork> BeginAsync(string region, CancellationToken ct)
    {
        var connection = await databases.For(region).OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            return new PostgresOnboardingUnitOfWork(connection, transaction, region, idempotency, correlation);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<bool> IsKeyHeldElsewhereAsync(string partnerId, string key, string region, CancellationToken ct)
    {
        foreach (var (other, dataSource) in databases.ByRegion)
        {
            if (other == region) continue;
            await using var cmd = dataSource.CreateCommand(
                "SELECT EXISTS (SELECT 1 FROM idempotency_keys WHERE partner_id = @partner_id AND key = @key AND expires_at > now())");
            cmd.Parameters.Add(new NpgsqlParameter<string>("partner_id", partnerId));
            cmd.Parameters.Add(new NpgsqlParameter<string>("key", key));
            if (await cmd.ExecuteScalarAsync(ct) is true) return true;
        }
        return false;
    }
}
