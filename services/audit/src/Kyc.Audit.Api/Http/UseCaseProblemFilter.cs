using Kyc.Audit.Application.Common;
using Kyc.Web.Problems;

namespace Kyc.Audit.Api.Http;

/// <summary>Turns a refused use case into its problem+json answer.</summary>
public sealed class UseCaseProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (UseCaseException e)
        {
            throw new ApiProblemException(e.Code, e.Message, e.Errors.Count > 0 ? e.Errors : null);
        }
    }
}
