using System.Text.Json;
using Kyc.Audit.Domain.Log;
using Kyc.Contracts;
using Kyc.Contracts.Onboarding;
using Kyc.Messaging.CloudEvents;

namespace Kyc.Audit.Tests.Support;

/// <summary>Valid onboarding events (Kyc.Contracts records) as audit entries and as payloads.</summary>
public static class Entries
{
    public static readonly DateTimeOffset Base = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    public static string NewCaseId() => $"eu-{Guid.NewGuid()}";

    public static CaseCreatedV1 Created(string caseId, string partnerId, DateTimeOffset at) =>
        new(caseId, partnerId, 1, at, "eu", CaseStatuses.Draft, "DE", EntityTypes.PrivateLimitedCompany, "crm-000123");

    public static CaseSubmittedV1 Submitted(string caseId, string partnerId, DateTimeOffset at, int version = 2) =>
        new(caseId, partnerId, version, at, CaseStatuses.Draft);

    public static string Json<T>(T data) where T : notnull => JsonSerializer.Serialize(data, data.GetType(), ContractJson.Options);

    /// <summary>An entry for <paramref name="data"/> as the consumer would build it.</summary>
    public static AuditEntry For<T>(T data, string subject, string partnerId, DateTimeOffset occurredAt, string? correlationId = null,
        string topic = "kyc.onboarding.events", long offset = 0, Guid? id = null) where T : notnull
    {
        var contract = EventRegistry.For(typeof(T));
        return new AuditEntry(id ?? Guid.CreateVersion7(), contract.CloudEventType, "/onboarding", subject, partnerId, correlationId,
            "4bf92f3577b34da6a3ce929d0e0e4736", contract.DataSchema.AbsoluteUri, occurredAt, DateTimeOffset.UtcNow, topic, 0, offset, Json(data));
    }

    /// <summary><paramref name="data"/> as the onboarding service publishes it: a CloudEvent with the contract's type and schema.</summary>
    public static CloudEvent Event<T>(T data, string subject, string partnerId, DateTimeOffset time, string? id = null, string? correlationId = null)
        where T : notnull
    {
        var contract = EventRegistry.For(typeof(T));
        return new CloudEvent(id ?? Guid.CreateVersion7().ToString(), "/onboarding", contract.CloudEventType, time, subject,
            contract.DataSchema.AbsoluteUri, partnerId, JsonSerializer.SerializeToUtf8Bytes(data, contract.DataType, ContractJson.Options),
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null, correlationId);
    }

    /// <summary>A case.created entry of a new case.</summary>
    public static AuditEntry CaseCreated(string partnerId = "partner-a", DateTimeOffset? at = null, string? correlationId = null, string? caseId = null,
        long offset = 0)
    {
        var id = caseId ?? NewCaseId();
        var when = at ?? Base;
        return For(Created(id, partnerId, when), id, partnerId, when, correlationId, offset: offset);
    }
}
