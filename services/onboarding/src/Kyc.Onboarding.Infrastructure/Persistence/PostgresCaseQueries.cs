using System.Text;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Persistence.Transactions;
using Kyc.SharedKernel;
using Npgsql;
using NpgsqlTypes;

namespace Kyc.Onboarding.Infrastructure.Persistence;

internal sealed class PostgresCaseQueries(CommandDatabases databases) : ICaseQueries
{
    public async Task<OnboardingCase?> FindAsync(string? partnerId, CaseId id, CancellationToken ct)
    {
        if (!databases.ByPartition.TryGetValue(id.Region, out var dataSource)) return null;
        await using var cmd = dataSource.CreateCommand(partnerId is null
            ? $"SELECT {CaseRows.Columns} FROM cases WHERE id = @id"
            : $"SELECT {CaseRows.Columns} FROM cases WHERE id = @id AND partner_id = @partner_id");
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", id.Value));
        if (partnerId is not null) cmd.Parameters.Add(new NpgsqlParameter<string>("partner_id", partnerId));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? CaseRows.Read(reader, id.Region) : null;
    }

    public async Task<(IReadOnlyList<CaseSummary> Items, long Total)> ListAsync(string? partnerId, CaseListFilter filter, int skip, int take, CancellationToken ct)
    {
        // Each region returns its first skip+take rows in the global order; merging them yields the requested page.
        var perRegion = await Task.WhenAll(databases.ByPartition.Select(r => ListRegionAsync(r.Key, r.Value, partnerId, filter, skip + take, ct)));
        var items = perRegion.SelectMany(r => r.Items)
            .OrderByDescending(s => s.CreatedAt)
            .ThenByDescending(s => s.Id.Value.ToString("D"), StringComparer.Ordinal)
            .ThenByDescending(s => s.Id.Region, StringComparer.Ordinal)
            .Skip(skip).Take(take).ToList();
        return (items, perRegion.Sum(r => r.Total));
    }

    private static async Task<(List<CaseSummary> Items, long Total)> ListRegionAsync(string region, NpgsqlDataSource dataSource,
        string? partnerId, CaseListFilter filter, int limit, CancellationToken ct)
    {
        var where = new StringBuilder(partnerId is null ? "true" : "partner_id = @partner_id");
        if (filter.Status is not null) where.Append(" AND status = @status");
        if (filter.ExternalReference is not null) where.Append(" AND external_reference = @external_reference");
        if (filter.CreatedFrom is not null) where.Append(" AND created_at >= @created_from");
        if (filter.CreatedTo is not null) where.Append(" AND created_at < @created_to");

        var batch = dataSource.CreateBatch();
        await using var _ = batch;
        var page = new NpgsqlBatchCommand(
            "SELECT id, external_reference, status, legal_name, jurisdiction, entity_type, version, created_at, updated_at, partner_id " +
            $"FROM cases WHERE {where} ORDER BY created_at DESC, id DESC LIMIT @limit");
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM cases WHERE {where}");
        foreach (var cmd in new[] { page, count })
        {
            if (partnerId is not null) cmd.Parameters.Add(new NpgsqlParameter<string>("partner_id", partnerId));
            if (filter.Status is { } status) cmd.Parameters.Add(new NpgsqlParameter<string>("status", Wire.Name(status)));
            if (filter.ExternalReference is { } reference) cmd.Parameters.Add(new NpgsqlParameter<string>("external_reference", reference));
            if (filter.CreatedFrom is { } from) cmd.Parameters.Add(new NpgsqlParameter("created_from", NpgsqlDbType.TimestampTz) { Value = from });
            if (filter.CreatedTo is { } to) cmd.Parameters.Add(new NpgsqlParameter("created_to", NpgsqlDbType.TimestampTz) { Value = to });
        }
        page.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        batch.BatchCommands.Add(page);
        batch.BatchCommands.Add(count);

        var items = new List<CaseSummary>();
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new CaseSummary(new CaseId(region, reader.GetGuid(0)), reader.GetString(9), reader.IsDBNull(1) ? null : reader.GetString(1),
                Wire.Parse<CaseStatus>(reader.GetString(2)), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6),
                reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return (items, reader.GetInt64(0));
    }
}
