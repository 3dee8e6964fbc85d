using System.Text;
using Kyc.Messaging.CloudEvents;

namespace Kyc.Messaging.Tests.Support;

public static class TestEvents
{
    /// <summary>A valid platform event with a fresh UUIDv7 id and a small JSON body naming <paramref name="sequence"/>.</summary>
    public static CloudEvent Create(string subject, int sequence = 0, string? traceParent = null, string type = "kyc.test.something_happened.v1") =>
        new(
            Guid.CreateVersion7().ToString(),
            "/tests",
            type,
            DateTimeOffset.UtcNow,
            subject,
            "https://schemas.kyc.example/test/v1.json",
            "partner-test",
            Encoding.UTF8.GetBytes($$"""{"subject":"{{subject}}","sequence":{{sequence}}}"""),
            traceParent,
            traceParent is null ? null : "vendor=test",
            "corr-" + sequence);
}
