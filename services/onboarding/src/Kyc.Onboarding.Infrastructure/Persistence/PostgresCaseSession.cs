using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Persistence.Transactions;
using Kyc.SharedKernel;
using Npgsql;

namespace Kyc.Onboarding.Infrastructure.Persistence;

/// <summary>
/// The cases of one region's database in a command's unit of work: a case read for a change is locked and tracked,
/// and written at commit only when it changed (guarded by the version it was read at).
/// </summary>
internal sealed class PostgresCaseSession(UnitOfWork work) : ICaseSession
{
    public string Region => work.Partition!;

    public async Task<OnboardingCase?> FindForUpdateAsync(string? partnerId, CaseId id, CancellationToken ct)
    {
        if (id.Region != Region) return null;
        await using var cmd = work.CreateCommand(
            $"SELECT {CaseRows.Columns} FROM cases WHERE id = @id AND (@partner_id::text IS NULL OR partner_id = @partner_id) FOR UPDATE");
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("id", id.Value));
        cmd.Parameters.Add(new NpgsqlParameter("partner_id", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)partnerId ?? DBNull.Value });
        OnboardingCase? @case;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            @case = await reader.ReadAsync(ct) ? CaseRows.Read(reader, Region) : null;
        if (@case is not null)
        {
            var loadedVersion = @case.Version;
            work.Track(@case, () => @case.Version == loadedVersion ? null : CaseRows.Update(@case, loadedVersion), ExactlyOneRow);
        }
        return @case;
    }

    public void Add(OnboardingCase @case) => work.Track(@case, () => CaseRows.Insert(@case));

    private static void ExactlyOneRow(NpgsqlBatchCommand update)
    {
        if (update.RecordsAffected != 1)
            throw new CodedException(CommonErrors.PreconditionFailed, "The case was changed concurrently; read it again and retry.");
    }
}

internal sealed class PostgresCaseSessions : ISessionFactory<ICaseSession>
{
    public ICaseSession Open(UnitOfWork work) => new PostgresCaseSession(work);
}
