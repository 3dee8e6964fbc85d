using System.Text.Json;
using Kyc.Persistence.Outbox;

namespace Kyc.OutboxRelay.Tests.Support;

/// <summary>Outbox messages for tests: one event of an aggregate with its position in the aggregate's history.</summary>
public static class Events
{
    public static OutboxMessage For(string topic, string subject, int position, string partnerId = "partner-1") =>
        OutboxMessage.Create(topic, "kyc.test.happened.v1", "/relay-tests", subject, partnerId, DateTimeOffset.UtcNow,
            JsonSerializer.Serialize(new { subject, position }));

    /// <summary>The position written by <see cref="For"/>, read back from the event's data.</summary>
    public static int PositionOf(byte[] data)
    {
        using var document = JsonDocument.Parse(data);
        return document.RootElement.GetProperty("position").GetInt32();
    }
}
