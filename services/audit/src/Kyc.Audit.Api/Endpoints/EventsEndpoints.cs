using System.Globalization;
using Kyc.Commands.Http;
using Kyc.Audit.Application.Events;
using Kyc.Audit.Application.Statistics;
using Kyc.Audit.Application.Verification;
using Kyc.Audit.Infrastructure.Messaging;
using Kyc.SharedKernel;
using Kyc.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Kyc.Audit.Api.Endpoints;

/// <summary>Operators' reads of the audit log: /v1/audit/events, /v1/audit/statistics, /v1/audit/verify.</summary>
public static class EventsEndpoints
{
    public const string Prefix = "/v1/audit";

    public static void MapAuditEvents(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup(Prefix).WithTags("Audit log").RequireOperator().RequireScope("audit:read");
        audit.MapGet("/events", SearchAsync).WithName("searchAuditEvents")
            .WithSummary("Search recorded events by aggregate, correlation id, type, partner and time, in recorded order");
        audit.MapGet("/events/{event_id}", GetAsync).WithName("getAuditEvent").WithSummary("Read one recorded event (ETag: its chain hash)")
            .Produces<AuditEventView>().Produces(StatusCodes.Status304NotModified);
        audit.MapGet("/statistics", StatisticsAsync).WithName("getAuditStatistics")
            .WithSummary("Events per type and per day, and the last event per topic");
        audit.MapPost("/verify", VerifyAsync).WithName("verifyAuditChain")
            .WithSummary("Walk the hash chain and report the first broken link")
            .Accepts<VerifyRequest>(isOptional: true, "application/json").Produces<VerificationResult>();
    }

    private static async Task<Ok<EventListResponse>> SearchAsync(HttpContext http, SearchEventsHandler handler, string? aggregate_id,
        string? correlation_id, string? event_type, string? partner_id, DateTimeOffset? from, DateTimeOffset? to, string? cursor, int? limit)
    {
        var page = await http.QueryAsync(handler, new SearchEventsQuery(aggregate_id, correlation_id, event_type, partner_id, from, to, cursor, limit));
        string Link(string? c) => QueryHelpers.AddQueryString($"{Prefix}/events", new Dictionary<string, string?>
        {
            ["aggregate_id"] = aggregate_id, ["correlation_id"] = correlation_id, ["event_type"] = event_type, ["partner_id"] = partner_id,
            ["from"] = from?.ToString("O", CultureInfo.InvariantCulture), ["to"] = to?.ToString("O", CultureInfo.InvariantCulture),
            ["cursor"] = c, ["limit"] = page.Limit.ToString(CultureInfo.InvariantCulture),
        }.Where(q => q.Value is not null));
        return TypedResults.Ok(new EventListResponse(page.Items, page.NextCursor, page.Limit,
            new PageLinks(Link(cursor), page.NextCursor is null ? null : Link(page.NextCursor))));
    }

    /// <summary>A row never changes: its chain hash is a perfect strong validator.</summary>
    private static async Task<IResult> GetAsync(string event_id, HttpContext http, GetEventHandler handler)
    {
        var record = await http.QueryAsync(handler, new GetEventQuery(event_id));
        return EntityReads.Ok(http, EntityTag.Strong(record.HashHex), AuditEventView.From(record));
    }

    private static async Task<Ok<StatisticsView>> StatisticsAsync(HttpContext http, GetStatisticsHandler handler, DateOnly? from, DateOnly? to) =>
        TypedResults.Ok(await http.QueryAsync(handler, new StatisticsQuery(from, to)));

    private static async Task<Ok<VerificationResult>> VerifyAsync(HttpContext http, VerifyChainHandler handler, AuditMetrics metrics)
    {
        var request = await JsonBody.ReadOptionalAsync<VerifyRequest>(http);
        var result = await http.QueryAsync(handler, new VerifyChainCommand(request?.AnchorSeq, request?.AnchorHash));
        metrics.Verified(result.Verified);
        return TypedResults.Ok(result);
    }
}
