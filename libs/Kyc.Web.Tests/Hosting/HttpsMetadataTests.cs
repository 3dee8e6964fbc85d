using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Kyc.Web.Tests.Hosting;

/// <summary>Token metadata over plain HTTP is accepted in Development only (docs/security.md).</summary>
public sealed class HttpsMetadataTests
{
    private static void Build(string environment, string authority, string requireHttpsMetadata)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = authority,
            ["Auth:RequireHttpsMetadata"] = requireHttpsMetadata,
        });
        builder.AddKycWebDefaults("kyc-web-tests");
    }

    [Theory]
    [InlineData("Production", "http://127.0.0.1:25410", "false")]
    [InlineData("Staging", "https://id.example.com/realms/kyc", "false")]
    [InlineData("Production", "http://id.example.com/realms/kyc", "true")]
    public void Outside_Development_plain_http_metadata_fails_the_start_with_a_clear_message(string environment, string authority, string requireHttps)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Build(environment, authority, requireHttps));

        Assert.Contains("refused outside Development", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"'{environment}'", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", "http://127.0.0.1:25410", "false")]
    [InlineData("Production", "https://id.example.com/realms/kyc", "true")]
    public void Development_or_https_metadata_starts(string environment, string authority, string requireHttps) =>
        Build(environment, authority, requireHttps);
}
