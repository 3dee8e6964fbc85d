using System.Reflection;
using FluentValidation;
using Kyc.Persistence.Idempotency;
using Kyc.SharedKernel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kyc.Commands;

public static class CommandsServiceCollectionExtensions
{
    /// <summary>
    /// The pipeline, the Idempotency-Key store, and from <paramref name="application"/> (a service's Application assembly)
    /// every command and query handler, every validator and the integration-event mapping, as singletons. The service adds
    /// its <c>CommandDatabases</c> and its session factory. See <see cref="ValidationNames"/>.
    /// </summary>
    public static IServiceCollection AddKycCommands(this IServiceCollection services, Assembly application)
    {
        ValidationNames.Configure();
        services.TryAddSingleton(new IdempotencyStore());
        services.TryAddSingleton<CommandPipeline>();
        foreach (var type in application.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(ICommandHandler<,,>) || definition == typeof(IQueryHandler<,>)) services.TryAddSingleton(type);
                else if (definition == typeof(IValidator<>) && type.GetConstructors().Length > 0) services.AddSingleton(contract, type);
            }
            if (typeof(IIntegrationEvents).IsAssignableFrom(type)) services.AddSingleton(typeof(IIntegrationEvents), type);
        }
        return services;
    }
}
