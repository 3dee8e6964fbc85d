using System.Net;
using System.Text.Json;
using Kyc.Testing;
using Kyc.Web.Health;
using Kyc.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Kyc.Web.Tests.Health;

public sealed class HealthEndpointTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Ready_is_200_when_postgres_answers_and_lists_each_check()
    {
        await using var app = await TestApp.StartAsync(builder =>
            builder.Services.AddHealthChecks().AddNpgsql("postgres-eu", _ => database.DataSource));

        using var response = await app.Client().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadAsync(response);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        var check = Assert.Single(body.GetProperty("checks").EnumerateArray());
        Assert.Equal("postgres-eu", check.GetProperty("name").GetString());
        Assert.Equal("healthy", check.GetProperty("status").GetString());
        Assert.True(check.GetProperty("duration_ms").GetDouble() >= 0);
    }

    [Fact]
    public async Task Ready_is_503_when_a_dependency_fails_while_live_stays_200()
    {
        var missing = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = UniqueNames.Database("missing") };
        await using var unreachable = NpgsqlDataSource.Create(missing.ConnectionString);
        await using var app = await TestApp.StartAsync(builder => builder.Services.AddHealthChecks()
            .AddNpgsql("postgres-eu", _ => database.DataSource)
            .AddNpgsql("postgres-us", _ => unreachable));

        using var ready = await app.Client().GetAsync("/health/ready");
        using var live = await app.Client().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ReadAsync(ready);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("healthy", checks["postgres-eu"]);
        Assert.Equal("unhealthy", checks["postgres-us"]);
        Assert.DoesNotContain(missing.Database!, body.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("healthy", (await ReadAsync(live)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_endpoints_need_no_token()
    {
        await using var app = await TestApp.StartAsync();

        using var live = await app.Client().GetAsync("/health/live");
        using var ready = await app.Client().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("application/json", live.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
