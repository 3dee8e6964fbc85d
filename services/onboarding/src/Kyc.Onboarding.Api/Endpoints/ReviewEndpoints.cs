using System.Security.Claims;
using Kyc.Onboarding.Api.Http;
using Kyc.Onboarding.Application.Cases;
using Kyc.Onboarding.Application.Cases.DecideCase;
using Kyc.Onboarding.Application.Cases.RequestInfo;
using Kyc.Onboarding.Application.Cases.StartReview;
using Kyc.Onboarding.Application.Ports;
using Kyc.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Kyc.Onboarding.Api.Endpoints;

/// <summary>Operators' review actions on any partner's case (operator role and cases:decide scope).</summary>
public static class ReviewEndpoints
{
    public static void MapReview(this IEndpointRouteBuilder app)
    {
        var review = app.MapGroup(CasesEndpoints.Prefix + "/{case_id}").WithTags("Review").RequireOperator().RequireScope("cases:decide")
            .AddEndpointFilter<UseCaseProblemFilter>();
        review.MapPost("/start-review", StartAsync).WithName("startReview").WithSummary("Take a submitted case into review (operators)");
        review.MapPost("/request-info", RequestInfoAsync).WithName("requestInfo").WithSummary("Ask the partner for more information (operators)");
        review.MapPost("/decision", DecideAsync).WithName("decideCase").WithSummary("Approve or reject a case in review (operators)");
    }

    private static async Task<IResult> StartAsync(string case_id, HttpContext http, StartReviewHandler handler, IOnboardingUnitOfWorkFactory units)
    {
        var id = CasesEndpoints.ParseId(case_id);
        var expected = CaseETags.Optional(http.Request.Headers.IfMatch);
        return TypedResults.Ok((await CasesEndpoints.ChangeAsync(http, units, id,
            uow => handler.HandleAsync(new StartReviewCommand(id, OperatorId(http.User), expected), uow, http.RequestAborted))).ToView());
    }

    private static async Task<IResult> RequestInfoAsync(string case_id, HttpContext http, [FromBody] RequestInfoRequest body, RequestInfoHandler handler,
        IOnboardingUnitOfWorkFactory units)
    {
        var id = CasesEndpoints.ParseId(case_id);
        var expected = CaseETags.Optional(http.Request.Headers.IfMatch);
        return TypedResults.Ok((await CasesEndpoints.ChangeAsync(http, units, id, uow => handler.HandleAsync(
            new RequestInfoCommand(id, OperatorId(http.User), expected, body.ReasonCode, body.Note), uow, http.RequestAborted))).ToView());
    }

    private static async Task<IResult> DecideAsync(string case_id, HttpContext http, [FromBody] DecisionRequest body, DecideCaseHandler handler,
        IOnboardingUnitOfWorkFactory units)
    {
        var id = CasesEndpoints.ParseId(case_id);
        var expected = CaseETags.Optional(http.Request.Headers.IfMatch);
        return TypedResults.Ok((await CasesEndpoints.ChangeAsync(http, units, id, uow => handler.HandleAsync(
            new DecideCaseCommand(id, OperatorId(http.User), expected, body.Outcome, body.ReasonCode, body.Note), uow, http.RequestAborted))).ToView());
    }

    /// <summary>The operator's client id (Keycloak: the service account or user id) is recorded on decisions.</summary>
    private static string OperatorId(ClaimsPrincipal user) =>
        user.FindFirst("client_id")?.Value ?? user.FindFirst("sub")?.Value ?? "unknown-operator";
}
