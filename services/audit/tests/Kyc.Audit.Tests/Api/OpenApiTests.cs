using System.Net;
using Kyc.Audit.Tests.Support;
using Xunit;

namespace Kyc.Audit.Tests.Api;

public sealed class OpenApiTests(AuditApiFactory app) : IClassFixture<AuditApiFactory>
{
    /// <summary>
    /// services/audit/openapi.yaml is generated from the running code. To refresh it after an API change:
    /// <c>KYC_WRITE_OPENAPI=1 ./dev test --filter "FullyQualifiedName~Kyc.Audit.Tests.Api.OpenApiTests"</c>.
    /// </summary>
    [Fact]
    public async Task The_committed_openapi_document_is_the_one_the_service_generates()
    {
        using var client = app.ClientWithToken(null);
        using var response = await client.GetAsync("/openapi/v1.yaml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var generated = (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n");

        if (Environment.GetEnvironmentVariable("KYC_WRITE_OPENAPI") == "1") await File.WriteAllTextAsync(Repo.OpenApiFile, generated);

        Assert.True(File.Exists(Repo.OpenApiFile), "services/audit/openapi.yaml is missing: generate it (see this test's summary).");
        var committed = (await File.ReadAllTextAsync(Repo.OpenApiFile)).ReplaceLineEndings("\n");
        Assert.True(committed == generated, "services/audit/openapi.yaml differs from what the service generates: regenerate it (see this test's summary).");
    }
}
