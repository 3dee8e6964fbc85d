using Kyc.Audit.Tests.Support;
using Xunit;

namespace Kyc.Audit.Tests.Api;

/// <summary>Audit event reads carry partners' recorded data: no cache may keep them (docs/security.md).</summary>
public sealed class CacheControlTests(AuditApiFactory app) : IClassFixture<AuditApiFactory>
{
    [Fact]
    public async Task Event_reads_are_no_store()
    {
        var entry = Entries.CaseCreated();
        await app.Database.AppendAsync(entry);
        var ops = await app.OperatorAsync();

        using var search = await ops.GetAsync($"{AuditClient.Events}?aggregate_id={entry.Subject}");
        using var one = await ops.GetAsync($"{AuditClient.Events}/{entry.EventId}");

        Assert.All(new[] { search, one }, response =>
        {
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage!.RequestUri}");
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        });
    }
}
