using System.Security.Claims;
using Kyc.Commands;
using Kyc.Commands.Http;
using Kyc.Onboarding.Application.Cases;
using Kyc.Onboarding.Application.Cases.DecideCase;
using Kyc.Onboarding.Application.Cases.GetCase;
using Kyc.Onboarding.Application.Cases.ListCases;
using Kyc.Onboarding.Application.Cases.RequestInfo;
using Kyc.Onboarding.Application.Cases.StartReview;
using Kyc.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kyc.Onboarding.Api.Endpoints;

/// <summary>
/// Operators' view of every partner's cases (operator role and cases:read scope: /v1/onboarding/review/cases) and their
/// review actions on a case (operator role and cases:decide scope). Every operator read is logged.
/// </summary>
public static partial class ReviewEndpoints
{
    public const string QueuePrefix = "/v1/onboarding/review/cases";

    public static void MapReview(this IEndpointRouteBuilder app)
    {
        var queue = app.MapGroup(QueuePrefix).WithTags("Review").RequireOperator().RequireScope("cases:read");
        queue.MapGet("", ListAsync).WithName("listCasesForReview")
            .WithSummary("List every partner's cases, newest first, e.g. those waiting for review with status=submitted (operators)");
        queue.MapGet("/{case_id}", GetAsync).WithName("getCaseForReview").WithSummary("Read any partner's case (operators; ETag)")
            .Produces<CaseView>().Produces(StatusCodes.Status304NotModified);

        var review = app.MapGroup(CasesEndpoints.Prefix + "/{case_id}").WithTags("Review").RequireOperator().RequireScope("cases:decide");
        review.MapPost("/start-review", StartAsync).WithName("startReview").WithSummary("Take a submitted case into review (operators)");
        review.MapPost("/request-info", RequestInfoAsync).WithName("requestInfo").WithSummary("Ask the partner for more information (operators)");
        review.MapPost("/decision", DecideAsync).WithName("decideCase").WithSummary("Approve or reject a case in review (operators)");
    }

    private static async Task<Ok<CaseListResponse>> ListAsync(HttpContext http, ListCasesHandler handler, ILogger<ListCasesHandler> logger,
        int? page, int? page_size, string? partner_id, string? status, string? external_reference, DateTimeOffset? created_from,
        DateTimeOffset? created_to)
    {
        var query = new ListCasesQuery(partner_id, page, page_size, status, external_reference, created_from, created_to);
        var result = await http.QueryAsync(handler, query);
        LogList(logger, OperatorId(http.User), partner_id ?? "(all)", status ?? "(any)", result.Items.Count);
        return TypedResults.Ok(CasesEndpoints.PageOf(QueuePrefix, query, result, linkPartner: true));
    }

    private static async Task<IResult> GetAsync(string case_id, HttpContext http, GetCaseHandler handler, ILogger<GetCaseHandler> logger)
    {
        var @case = await http.QueryAsync(handler, new GetCaseQuery(null, CasesEndpoints.ParseId(case_id)));
        LogRead(logger, OperatorId(http.User), @case.Id.ToString(), @case.PartnerId);
        return CasesEndpoints.Read(http, @case);
    }

    private static Task<IResult> StartAsync(string case_id, HttpContext http, StartReviewHandler handler) =>
        http.RunAsync(handler, new StartReviewCommand(CasesEndpoints.ParseId(case_id), OperatorId(http.User), IfMatchHeader.Optional(http)),
            started => Answer.Ok(started.ToView()));

    private static Task<IResult> RequestInfoAsync(string case_id, HttpContext http, [FromBody] RequestInfoRequest body, RequestInfoHandler handler) =>
        http.RunAsync(handler,
            new RequestInfoCommand(CasesEndpoints.ParseId(case_id), OperatorId(http.User), IfMatchHeader.Optional(http), body.ReasonCode, body.Note),
            changed => Answer.Ok(changed.ToView()));

    private static Task<IResult> DecideAsync(string case_id, HttpContext http, [FromBody] DecisionRequest body, DecideCaseHandler handler) =>
        http.RunAsync(handler,
            new DecideCaseCommand(CasesEndpoints.ParseId(case_id), OperatorId(http.User), IfMatchHeader.Optional(http), body.Outcome, body.ReasonCode, body.Note),
            decided => Answer.Ok(decided.ToView()));

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Operator {OperatorId} read case {CaseId} of partner {PartnerId}")]
    private static partial void LogRead(ILogger logger, string operatorId, string caseId, string partnerId);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information,
        Message = "Operator {OperatorId} listed cases of partner {PartnerId} with status {Status}: {Count} on the page")]
    private static partial void LogList(ILogger logger, string operatorId, string partnerId, string status, int count);

    /// <summary>The operator's client id (Keycloak: the service account or user id) is recorded on decisions.</summary>
    private static string OperatorId(ClaimsPrincipal user) =>
        user.FindFirst("client_id")?.Value ?? user.FindFirst("sub")?.Value ?? "unknown-operator";
}
