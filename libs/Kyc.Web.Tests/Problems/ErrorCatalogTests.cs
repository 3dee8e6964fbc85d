using Kyc.SharedKernel;
using Kyc.Web.Problems;
using Xunit;

namespace Kyc.Web.Tests.Problems;

public sealed class ErrorCatalogTests
{
    [Fact]
    public void The_catalog_holds_the_base_codes_and_the_services_own()
    {
        var caseNotFound = new ErrorDefinition("case_not_found", 404, "Case not found");

        var catalog = new ErrorCatalog([caseNotFound]);

        Assert.Same(caseNotFound, catalog.Get("case_not_found"));
        Assert.Equal(401, catalog.Get("unauthenticated").Status);
        Assert.Equal("https://docs.onboarding-kyc.dev/errors/case_not_found", caseNotFound.Type);
        Assert.Contains(catalog.All, e => e.Code == "internal_error");
    }

    [Fact]
    public void Registering_a_code_again_is_fine_but_redefining_it_is_refused()
    {
        var catalog = new ErrorCatalog();

        catalog.Add(new ErrorDefinition("case_not_found", 404, "Case not found"));
        catalog.Add(new ErrorDefinition("case_not_found", 404, "Case not found"));

        Assert.Throws<InvalidOperationException>(() => catalog.Add(new ErrorDefinition("case_not_found", 410, "Case gone")));
        Assert.Throws<InvalidOperationException>(() => catalog.Add(new ErrorDefinition("not_found", 404, "Nothing here")));
    }

    [Fact]
    public void Codes_are_lower_snake_case_with_an_error_status()
    {
        Assert.Throws<ArgumentException>(() => new ErrorDefinition("CaseNotFound", 404, "Case not found"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErrorDefinition("case_found", 200, "Found"));
    }

    [Theory]
    [InlineData(400, "malformed_request")]
    [InlineData(413, "payload_too_large")]
    [InlineData(418, "client_error")]
    [InlineData(502, "server_error")]
    public void A_bare_status_maps_to_a_code(int status, string code) => Assert.Equal(code, BaseErrors.ForStatus(status).Code);
}
