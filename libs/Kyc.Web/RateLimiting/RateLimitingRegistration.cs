using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kyc.Web.RateLimiting;

/// <summary>Reads the <c>RateLimiting</c> section (and the policy file it names) and puts the limiter after authentication.</summary>
internal static class RateLimitingRegistration
{
    public const string PolicyFileKey = "RateLimiting:PolicyFile";

    public static void Add(WebApplicationBuilder builder)
    {
        if (builder.Configuration[PolicyFileKey] is { Length: > 0 } file) builder.Configuration.AddJsonFile(file, optional: false, reloadOnChange: false);
        var options = builder.Configuration.GetSection("RateLimiting").Get<RateLimitOptions>() ?? new RateLimitOptions();
        options.Validate();
        var services = builder.Services;
        services.AddSingleton(options);
        if (!options.Enabled) return;

        services.AddSingleton<RateLimitPolicy>();
        services.AddSingleton<RedisConnection>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        services.AddSingleton(sp => new RedisCircuit(TimeSpan.FromSeconds(options.RedisRetrySeconds), TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PartnerRateLimiter).FullName!)));
        services.AddSingleton(sp => new RateLimitMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            () => sp.GetRequiredService<RedisCircuit>().Degraded || options.Redis is null));
        services.AddSingleton(sp => new PartnerRateLimiter(options, sp.GetRequiredService<RedisConnection>(),
            sp.GetRequiredService<RedisCircuit>(), sp.GetRequiredService<RateLimitMetrics>(), TimeProvider.System));
    }

    public static void Use(WebApplication app)
    {
        if (!app.Services.GetRequiredService<RateLimitOptions>().Enabled) return;
        app.UseMiddleware<PartnerRateLimitMiddleware>();
    }
}
