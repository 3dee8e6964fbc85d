using System.Net;
using Kyc.Audit.Tests.Support;
using Kyc.Testing;
using Xunit;

namespace Kyc.Audit.Tests.Api;

/// <summary>services/audit/openapi.yaml is generated from the running code (see <see cref="CommittedOpenApi"/>).</summary>
public sealed class OpenApiTests(AuditApiFactory app) : IClassFixture<AuditApiFactory>
{
    [Fact]
    public async Task The_committed_openapi_document_is_the_one_the_service_generates()
    {
        using var client = app.ClientWithToken(null);
        using var response = await client.GetAsync("/openapi/v1.yaml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var difference = await CommittedOpenApi.DifferenceAsync("audit", await response.Content.ReadAsStringAsync());

        Assert.True(difference is null, difference);
    }
}
