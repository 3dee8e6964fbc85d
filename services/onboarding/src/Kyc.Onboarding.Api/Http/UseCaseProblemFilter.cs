using Kyc.Onboarding.Application.Common;
using Kyc.Web.Problems;

namespace Kyc.Onboarding.Api.Http;

/// <summary>Turns a refused use case into its problem+json answer; refusals to place data across regions are logged.</summary>
public sealed partial class UseCaseProblemFilter(ILogger<UseCaseProblemFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (UseCaseException e)
        {
            if (e.Code is UseCaseErrors.JurisdictionNotServed or UseCaseErrors.CrossRegionMoveRefused)
                LogResidencyRefusal(logger, e.Code, context.HttpContext.Request.Method, context.HttpContext.Request.Path, e.Message);
            throw new ApiProblemException(e.Code, e.Message, e.Errors.Count > 0 ? e.Errors : null);
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Data residency: refused {Code} on {Method} {Path}: {Reason}")]
    private static partial void LogResidencyRefusal(ILogger logger, string code, string method, string path, string reason);
}
