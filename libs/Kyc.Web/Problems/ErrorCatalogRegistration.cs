using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kyc.Web.Problems;

public static class ErrorCatalogRegistration
{
    /// <summary>Adds a service's own error codes to the <see cref="ErrorCatalog"/> (before or after <c>AddKycWebDefaults</c>).</summary>
    public static IServiceCollection AddKycErrors(this IServiceCollection services, params ErrorDefinition[] errors)
    {
        services.AddSingleton(new ServiceErrors(errors));
        return AddErrorCatalog(services);
    }

    internal static IServiceCollection AddErrorCatalog(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new ErrorCatalog(sp.GetServices<ServiceErrors>().SelectMany(e => e.Errors)));
        return services;
    }

    private sealed record ServiceErrors(IReadOnlyList<ErrorDefinition> Errors);
}
