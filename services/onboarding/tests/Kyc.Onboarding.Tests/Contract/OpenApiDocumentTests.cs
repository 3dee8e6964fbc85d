using Kyc.Onboarding.Tests.Support;
using Xunit;

namespace Kyc.Onboarding.Tests.Contract;

/// <summary>
/// services/onboarding/openapi.yaml is what partners integrate against: it must be exactly what the running code serves.
/// After a deliberate API change, regenerate it with <c>KYC_UPDATE_OPENAPI=1 ./dev test --filter OpenApiDocumentTests</c>
/// and review the diff (a breaking change needs a new major version).
/// </summary>
public sealed class OpenApiDocumentTests(OnboardingApiFactory api) : IClassFixture<OnboardingApiFactory>
{
    private static string CommittedPath => Path.Combine(Repo.Root, "services", "onboarding", "openapi.yaml");

    [Fact]
    public async Task The_committed_openapi_yaml_is_what_the_service_serves()
    {
        var served = await api.ClientWithToken(null).GetStringAsync("/openapi/v1.yaml");

        if (Environment.GetEnvironmentVariable("KYC_UPDATE_OPENAPI") == "1") await File.WriteAllTextAsync(CommittedPath, served);
        var committed = await File.ReadAllTextAsync(CommittedPath);

        Assert.True(committed == served,
            "services/onboarding/openapi.yaml differs from the document the service serves. If the API change is intended, " +
            "regenerate it: KYC_UPDATE_OPENAPI=1 ./dev test --filter OpenApiDocumentTests, and review the diff.\n" + FirstDifference(committed, served));
    }

    private static string FirstDifference(string committed, string served)
    {
        var a = committed.Split('\n');
        var b = served.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < b.Length ? b[i] : "<end of file>";
            if (left != right) return $"First difference at line {i + 1}:\n  committed: {left}\n  served:    {right}";
        }
        return "";
    }
}
