using Kyc.Messaging.Consuming;
using Kyc.Messaging.Diagnostics;
using Kyc.Messaging.Native;
using Kyc.Messaging.Producing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kyc.Messaging;

public static class KafkaMessagingServiceCollectionExtensions
{
    /// <summary>
    /// Kafka settings from the <c>Kafka</c> section of <paramref name="configuration"/>, the shared
    /// <see cref="KafkaProducer"/> and the <c>Kyc.Messaging</c> metrics.
    /// </summary>
    public static IServiceCollection AddKafkaMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddKafkaMessaging(options => configuration.GetSection(KafkaOptions.SectionName).Bind(options));
    }

    /// <inheritdoc cref="AddKafkaMessaging(IServiceCollection, IConfiguration)"/>
    public static IServiceCollection AddKafkaMessaging(this IServiceCollection services, Action<KafkaOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        Librdkafka.Load(); // the bundled library, or no start at all: see Native/Librdkafka.cs
        services.AddHostedService<LibrdkafkaStartupLog>();
        services.AddOptions<KafkaOptions>().Configure(configure).Validate(o =>
        {
            o.Validate();
            return true;
        });
        services.AddMetrics();
        services.TryAddSingleton(sp => new KafkaMessagingMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new KafkaProducer(
            sp.GetRequiredService<IOptions<KafkaOptions>>().Value,
            sp.GetRequiredService<KafkaMessagingMetrics>(),
            sp.GetRequiredService<ILogger<KafkaProducer>>()));
        return services;
    }

    /// <summary>
    /// A hosted consumer group whose events <typeparamref name="THandler"/> (registered scoped if it is not registered
    /// yet) handles idempotently, in transactions on <paramref name="dataSource"/> (default: the registered
    /// <see cref="NpgsqlDataSource"/>). Call <see cref="AddKafkaMessaging(IServiceCollection, IConfiguration)"/> too.
    /// May be called several times, for different groups.
    /// </summary>
    public static IServiceCollection AddIdempotentConsumer<THandler>(
        this IServiceCollection services, Action<KafkaConsumerOptions> configure, Func<IServiceProvider, NpgsqlDataSource>? dataSource = null)
        where THandler : class, IIdempotentEventHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new KafkaConsumerOptions();
        configure(options);
        options.Validate();
        services.TryAddScoped<THandler>();
        // Not AddHostedService: it would collapse two groups with the same handler type into one.
        var host = new object();
        services.AddKeyedSingleton(host, (sp, _) => new KafkaConsumerHost<THandler>(
            sp.GetRequiredService<IOptions<KafkaOptions>>().Value,
            options,
            dataSource?.Invoke(sp) ?? sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<KafkaProducer>(),
            sp.GetRequiredService<KafkaMessagingMetrics>(),
            sp.GetRequiredService<ILogger<KafkaConsumerHost<THandler>>>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredKeyedService<KafkaConsumerHost<THandler>>(host));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<KafkaConsumerHost<THandler>>(host).Progress);
        return services;
    }
}
