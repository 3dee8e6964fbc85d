using System.Globalization;
using System.Net;
using Kyc.Testing;
using Kyc.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Kyc.Web.Tests.RateLimiting;

/// <summary>The per-partner rate limit against the stack's real Redis (and a Redis of the test's own that it stops).</summary>
public sealed class PartnerRateLimitTests
{
    [Fact]
    public async Task Each_partner_has_its_own_limit_and_the_headers_count_down_to_a_429()
    {
        await using var app = await StartAsync(StackSettings.Redis, permitLimit: 3);
        var a = app.Client(await TokenAsync("partner-a"));
        var b = app.Client(await TokenAsync("partner-b"));

        for (var remaining = 2; remaining >= 0; remaining--)
        {
            using var admitted = await a.GetAsync("/v1/things/1");
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
            Assert.Equal("3", Header(admitted, "RateLimit-Limit"));
            Assert.Equal(remaining.ToString(CultureInfo.InvariantCulture), Header(admitted, "RateLimit-Remaining"));
            Assert.InRange(long.Parse(Header(admitted, "RateLimit-Reset"), CultureInfo.InvariantCulture), 1, 61);
        }

        using (var refused = await a.GetAsync("/v1/things/1"))
        {
            await Problem.ReadAsync(refused, HttpStatusCode.TooManyRequests, "too_many_requests");
            Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 61);
            Assert.Equal(Header(refused, "RateLimit-Reset"), ((long)retryAfter.Value.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }

        using var other = await b.GetAsync("/v1/things/1");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("2", Header(other, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task Every_instance_counts_against_one_limit_in_redis()
    {
        var group = UniqueGroup();
        await using var first = await StartAsync(StackSettings.Redis, permitLimit: 5, group: group);
        await using var second = await StartAsync(StackSettings.Redis, permitLimit: 5, group: group);
        var token = await TokenAsync("partner-a");

        (await first.Client(token).GetAsync("/v1/things/1")).Dispose();
        (await first.Client(token).GetAsync("/v1/things/1")).Dispose();
        using var third = await second.Client(token).GetAsync("/v1/things/1");

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal("2", Header(third, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task A_partner_is_admitted_again_once_the_reset_seconds_have_passed()
    {
        await using var app = await StartAsync(StackSettings.Redis, permitLimit: 1, windowSeconds: 2);
        var client = app.Client(await TokenAsync("partner-a"));
        (await client.GetAsync("/v1/things/1")).Dispose();
        using var refused = await client.GetAsync("/v1/things/1");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        await Task.Delay(refused.Headers.RetryAfter!.Delta!.Value);

        using var again = await client.GetAsync("/v1/things/1");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task A_partners_own_limit_replaces_the_groups()
    {
        await using var app = await StartAsync(StackSettings.Redis, permitLimit: 3, partnerLimits: new() { ["partner-big"] = 50 });

        using var big = await app.Client(await TokenAsync("partner-big")).GetAsync("/v1/things/1");
        using var small = await app.Client(await TokenAsync("partner-small")).GetAsync("/v1/things/1");

        Assert.Equal("50", Header(big, "RateLimit-Limit"));
        Assert.Equal("3", Header(small, "RateLimit-Limit"));
    }

    [Fact]
    public async Task Routes_outside_every_group_and_anonymous_requests_carry_no_rate_limit()
    {
        await using var app = await StartAsync(StackSettings.Redis, permitLimit: 1);
        var client = app.Client(await TokenAsync("partner-a"));

        for (var i = 0; i < 3; i++)
        {
            using var health = await client.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.False(health.Headers.Contains("RateLimit-Limit"));
        }
        using var anonymous = await app.Client().GetAsync("/v1/things/1");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.False(anonymous.Headers.Contains("RateLimit-Limit"));
    }

    [Fact]
    public async Task When_redis_stops_mid_test_requests_never_fail_and_each_instance_limits_on_its_own_until_it_is_back()
    {
        await using var redis = await OwnRedis.StartAsync();
        var logs = new CapturedLogs();
        await using var app = await StartAsync(redis.Configuration, permitLimit: 4, logs: logs);
        var client = app.Client(await TokenAsync("partner-a"));
        using (var before = await client.GetAsync("/v1/things/1"))
            Assert.Equal("3", Header(before, "RateLimit-Remaining"));

        await redis.StopAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync("/v1/things/1");
            statuses.Add(response.StatusCode);
            Assert.Equal("4", Header(response, "RateLimit-Limit"));
        }
        // The local window starts afresh: four admitted, then refused; never a 5xx.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 5290 && e.Level == LogLevel.Warning);
        Assert.Contains("kyc_rate_limit_degraded 1", await MetricsAsync(app), StringComparison.Ordinal);

        await redis.RestartAsync();

        // Redis is tried again after RedisRetrySeconds; its (fresh) count is shared again.
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync("/v1/things/1");
            return response.StatusCode == HttpStatusCode.OK && (await MetricsAsync(app)).Contains("kyc_rate_limit_degraded 0", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "rate limiting back on Redis");
        Assert.Contains(logs.Entries, e => e.EventId.Id == 5291);
    }

    [Fact]
    public async Task When_redis_answers_slower_than_its_budget_the_local_limit_decides_and_the_request_succeeds()
    {
        await using var redis = await OwnRedis.StartAsync();
        await using var app = await StartAsync(redis.Configuration, permitLimit: 4, redisTimeoutSeconds: 1);
        var client = app.Client(await TokenAsync("partner-a"));
        using (var before = await client.GetAsync("/v1/things/1"))
            Assert.Equal("3", Header(before, "RateLimit-Remaining"));

        await redis.SignalAsync("STOP");
        using var during = await client.GetAsync("/v1/things/1");

        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal("3", Header(during, "RateLimit-Remaining"));   // the local window's first request, not Redis's second
        Assert.Contains("kyc_rate_limit_degraded 1", await MetricsAsync(app), StringComparison.Ordinal);
        await redis.SignalAsync("CONT");
    }

    [Fact]
    public async Task A_redis_that_is_down_at_start_up_does_not_stop_the_service()
    {
        await using var redis = await OwnRedis.StartAsync();
        await redis.StopAsync();
        await using var app = await StartAsync(redis.Configuration, permitLimit: 2);
        var client = app.Client(await TokenAsync("partner-a"));

        using var first = await client.GetAsync("/v1/things/1");
        using var second = await client.GetAsync("/v1/things/1");
        using var third = await client.GetAsync("/v1/things/1");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], [first.StatusCode, second.StatusCode, third.StatusCode]);
    }

    private static Task<string> TokenAsync(string partner) => TestTokens.ForPartnerAsync(partner, TestEndpoints.ReadScope);

    private static string UniqueGroup() => $"test-{Guid.NewGuid():N}";

    private static Task<TestApp> StartAsync(string redis, int permitLimit, int windowSeconds = 60, string? group = null,
        Dictionary<string, int>? partnerLimits = null, CapturedLogs? logs = null, int redisTimeoutSeconds = 3)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimiting:Redis"] = redis,
            ["RateLimiting:RedisRetrySeconds"] = "1",
            ["RateLimiting:RedisTimeoutSeconds"] = redisTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting:Groups:0:Name"] = group ?? UniqueGroup(),
            ["RateLimiting:Groups:0:PathPrefix"] = "/v1/things/",
            ["RateLimiting:Groups:0:Methods:0"] = "GET",
            ["RateLimiting:Groups:0:PermitLimit"] = permitLimit.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting:Groups:0:WindowSeconds"] = windowSeconds.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Kyc.Web.RateLimiting"] = "Information",
        };
        var i = 0;
        foreach (var (partner, limit) in partnerLimits ?? [])
        {
            settings[$"RateLimiting:Partners:{i}:PartnerId"] = partner;
            settings[$"RateLimiting:Partners:{i}:Group"] = settings["RateLimiting:Groups:0:Name"];
            settings[$"RateLimiting:Partners:{i}:PermitLimit"] = limit.ToString(CultureInfo.InvariantCulture);
            i++;
        }
        return TestApp.StartAsync(configure: logs is null ? null : b => b.Logging.AddProvider(logs), settings: settings);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? Assert.Single(values) : throw new Xunit.Sdk.XunitException($"no {name} header");

    private static async Task<string> MetricsAsync(TestApp app)
    {
        using var response = await app.Client().GetAsync("/metrics");
        return await response.Content.ReadAsStringAsync();
    }
}
