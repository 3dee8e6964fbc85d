using System.Text.Json;
using System.Text.Json.Serialization;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Onboarding.Domain.Parties;
using Kyc.SharedKernel;
using Npgsql;
using NpgsqlTypes;

namespace Kyc.Onboarding.Infrastructure.Persistence;

/// <summary>How a case is stored: the columns lists filter and sort on, and the company, parties and operator notes as jsonb.</summary>
internal static class CaseRows
{
    public const string Columns =
        "id, partner_id, status, external_reference, legal_name, jurisdiction, entity_type, company, parties, info_request, decision, " +
        "version, created_at, updated_at, submitted_at";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static void AddParameters(NpgsqlParameterCollection parameters, OnboardingCase c)
    {
        parameters.Add(new NpgsqlParameter<Guid>("id", c.Id.Value));
        parameters.Add(new NpgsqlParameter<string>("partner_id", c.PartnerId));
        parameters.Add(new NpgsqlParameter<string>("status", Wire.Name(c.Status)));
        parameters.Add(new NpgsqlParameter("external_reference", NpgsqlDbType.Text) { Value = (object?)c.ExternalReference ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter<string>("legal_name", c.Company.LegalName));
        parameters.Add(new NpgsqlParameter<string>("jurisdiction", c.Company.Jurisdiction));
        parameters.Add(new NpgsqlParameter<string>("entity_type", Wire.Name(c.Company.EntityType)));
        parameters.Add(Jsonb("company", c.Company));
        parameters.Add(Jsonb("parties", c.Parties));
        parameters.Add(Jsonb("info_request", c.InfoRequest));
        parameters.Add(Jsonb("decision", c.Decision));
        parameters.Add(new NpgsqlParameter<int>("version", c.Version));
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("created_at", c.CreatedAt));
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("updated_at", c.UpdatedAt));
        parameters.Add(new NpgsqlParameter("submitted_at", NpgsqlDbType.TimestampTz) { Value = (object?)c.SubmittedAt ?? DBNull.Value });
    }

    public static NpgsqlBatchCommand Insert(OnboardingCase c)
    {
        var insert = new NpgsqlBatchCommand(
            $"INSERT INTO cases ({Columns}) VALUES (@id, @partner_id, @status, @external_reference, @legal_name, @jurisdiction, " +
            "@entity_type, @company, @parties, @info_request, @decision, @version, @created_at, @updated_at, @submitted_at)");
        AddParameters(insert.Parameters, c);
        return insert;
    }

    /// <summary>The case's new state, if it is still at <paramref name="loadedVersion"/> (one row changed).</summary>
    public static NpgsqlBatchCommand Update(OnboardingCase c, int loadedVersion)
    {
        var update = new NpgsqlBatchCommand(
            "UPDATE cases SET status = @status, external_reference = @external_reference, legal_name = @legal_name, " +
            "jurisdiction = @jurisdiction, entity_type = @entity_type, company = @company, parties = @parties, " +
            "info_request = @info_request, decision = @decision, version = @version, updated_at = @updated_at, submitted_at = @submitted_at " +
            "WHERE id = @id AND partner_id = @partner_id AND version = @loaded_version");
        AddParameters(update.Parameters, c);
        update.Parameters.Add(new NpgsqlParameter<int>("loaded_version", loadedVersion));
        return update;
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static OnboardingCase Read(NpgsqlDataReader r, string region) =>
        OnboardingCase.Restore(
            new CaseId(region, r.GetGuid(0)), r.GetString(1),
            FromJson<CompanyDetails>(r.GetString(7)), r.IsDBNull(3) ? null : r.GetString(3), Wire.Parse<CaseStatus>(r.GetString(2)),
            FromJson<List<Party>>(r.GetString(8)), r.GetInt32(11),
            r.GetFieldValue<DateTimeOffset>(12), r.GetFieldValue<DateTimeOffset>(13),
            r.IsDBNull(14) ? null : r.GetFieldValue<DateTimeOffset>(14),
            r.IsDBNull(9) ? null : FromJson<OperatorNote>(r.GetString(9)),
            r.IsDBNull(10) ? null : FromJson<OperatorNote>(r.GetString(10)));

    private static NpgsqlParameter Jsonb<T>(string name, T value) =>
        new(name, NpgsqlDbType.Jsonb) { Value = value is null ? DBNull.Value : JsonSerializer.Serialize(value, Json) };

    private static T FromJson<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidDataException($"stored {typeof(T).Name} is null");
}
