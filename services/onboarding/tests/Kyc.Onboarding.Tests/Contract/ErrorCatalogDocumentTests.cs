using Kyc.Web.Problems;
using Microsoft.Extensions.DependencyInjection;
using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Contract;

/// <summary>Every code the service can answer with (its catalog: Kyc.Web's, the command pipeline's and its own) is documented for partners.</summary>
public sealed class ErrorCatalogDocumentTests(OnboardingApiFactory app) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public void Every_code_of_the_services_catalog_is_in_docs_api_error_catalog_md()
    {
        var document = File.ReadAllText(Path.Combine(Repo.Root, "docs", "api", "error-catalog.md"));

        var missing = app.Services.GetRequiredService<ErrorCatalog>().All.Select(e => e.Code)
            .Where(code => !document.Contains($"`{code}`", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, "not in docs/api/error-catalog.md: " + string.Join(", ", missing));
    }
}
