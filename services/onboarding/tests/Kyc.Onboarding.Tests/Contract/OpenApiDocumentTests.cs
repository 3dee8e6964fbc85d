using Kyc.Onboarding.Tests.Support;
using Kyc.Testing;
using Xunit;

namespace Kyc.Onboarding.Tests.Contract;

/// <summary>services/onboarding/openapi.yaml is what partners integrate against (see <see cref="CommittedOpenApi"/>).</summary>
public sealed class OpenApiDocumentTests(OnboardingApiFactory api) : IClassFixture<OnboardingApiFactory>
{
    [Fact]
    public async Task The_committed_openapi_yaml_is_what_the_service_serves()
    {
        var served = await api.ClientWithToken(null).GetStringAsync("/openapi/v1.yaml");

        var difference = await CommittedOpenApi.DifferenceAsync("onboarding", served);

        Assert.True(difference is null, difference);
    }
}
