using Kyc.Testing;
using StackExchange.Redis;
using Xunit;

namespace Kyc.Smoke.Tests;

public sealed class RedisSmokeTests
{
    [Fact]
    public async Task A_value_set_with_an_expiry_reads_back()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync($"{StackSettings.Redis},abortConnect=false,connectTimeout=3000");
        var db = redis.GetDatabase();
        var key = $"smoke:{Guid.NewGuid():N}";

        Assert.True(await db.StringSetAsync(key, "round trip", TimeSpan.FromMinutes(1)));

        Assert.Equal("round trip", (string?)await db.StringGetAsync(key));
        Assert.InRange((await db.KeyTimeToLiveAsync(key))!.Value.TotalSeconds, 1, 60);
    }
}
