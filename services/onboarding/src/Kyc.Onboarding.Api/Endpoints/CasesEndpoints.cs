using System.Globalization;
using System.Text.Json;
using Kyc.Commands;
using Kyc.Commands.Http;
using Kyc.Onboarding.Application.Cases;
using Kyc.Onboarding.Application.Cases.CreateCase;
using Kyc.Onboarding.Application.Cases.GetCase;
using Kyc.Onboarding.Application.Cases.ListCases;
using Kyc.Onboarding.Application.Cases.SubmitCase;
using Kyc.Onboarding.Application.Cases.UpdateCase;
using Kyc.Onboarding.Domain.Cases;
using Kyc.SharedKernel;
using Kyc.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kyc.Onboarding.Api.Endpoints;

/// <summary>Partners' endpoints for their cases: /v1/onboarding/cases.</summary>
public static class CasesEndpoints
{
    public const string Prefix = "/v1/onboarding/cases";

    public static void MapCases(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup(Prefix).WithTags("Cases").RequirePartner();
        cases.MapPost("", CreateAsync).RequireScope("cases:write").RequireIdempotencyKey().WithName("createCase")
            .WithSummary("Open a case for a corporate customer (Idempotency-Key required)")
            .Accepts<CreateCaseRequest>("application/json").Produces<CaseView>(StatusCodes.Status201Created);
        cases.MapGet("", ListAsync).RequireScope("cases:read").WithName("listCases").WithSummary("List the partner's cases, newest first");
        cases.MapGet("/{case_id}", GetAsync).RequireScope("cases:read").WithName("getCase").WithSummary("Read a case (ETag)")
            .Produces<CaseView>().Produces(StatusCodes.Status304NotModified);
        cases.MapPatch("/{case_id}", UpdateAsync).RequireScope("cases:write").WithName("updateCase")
            .WithSummary("Change company details or the external reference (If-Match required)")
            .Accepts<UpdateCaseRequest>("application/json");
        cases.MapPost("/{case_id}/submit", SubmitAsync).RequireScope("cases:write").WithName("submitCase")
            .WithSummary("Submit a draft (or a case whose requested information was added) for review");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, PartnerContext partner, CreateCaseHandler handler)
    {
        var body = await JsonBody.ReadAsync<CreateCaseRequest>(http);
        return await http.RunCreatingAsync(partner.PartnerId, handler,
            new CreateCaseCommand(partner.PartnerId, body.Company, body.ExternalReference, body.Parties),
            created => Answer.Created(created.ToView(), $"{Prefix}/{created.Id}"));
    }

    private static async Task<IResult> GetAsync(string case_id, HttpContext http, PartnerContext partner, GetCaseHandler handler) =>
        Read(http, await http.QueryAsync(handler, new GetCaseQuery(partner.PartnerId, ParseId(case_id))));

    /// <summary>The case with its ETag, or 304 when the client's If-None-Match has that version.</summary>
    internal static IResult Read(HttpContext http, OnboardingCase @case) => EntityReads.Ok(http, EntityTag.Of(@case.Version), @case.ToView());

    private static async Task<Ok<CaseListResponse>> ListAsync(HttpContext http, PartnerContext partner, ListCasesHandler handler,
        int? page, int? page_size, string? status, string? external_reference, DateTimeOffset? created_from, DateTimeOffset? created_to)
    {
        var query = new ListCasesQuery(partner.PartnerId, page, page_size, status, external_reference, created_from, created_to);
        return TypedResults.Ok(PageOf(Prefix, query, await http.QueryAsync(handler, query), linkPartner: false));
    }

    /// <summary>
    /// A page with links to itself and its neighbours under <paramref name="path"/>, keeping the query's filters; the
    /// partner is one of them only where it is a filter (<paramref name="linkPartner"/>), not the caller's tenant.
    /// </summary>
    internal static CaseListResponse PageOf(string path, ListCasesQuery filters, CasePage result, bool linkPartner)
    {
        string Link(int p)
        {
            var query = new Dictionary<string, string?>
            {
                ["page"] = p.ToString(CultureInfo.InvariantCulture), ["page_size"] = result.PageSize.ToString(CultureInfo.InvariantCulture),
                ["partner_id"] = linkPartner ? filters.PartnerId : null, ["status"] = filters.Status,
                ["external_reference"] = filters.ExternalReference,
                ["created_from"] = filters.CreatedFrom?.ToString("O", CultureInfo.InvariantCulture),
                ["created_to"] = filters.CreatedTo?.ToString("O", CultureInfo.InvariantCulture),
            };
            return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, query.Where(q => q.Value is not null));
        }
        var hasNext = (long)result.Page * result.PageSize < result.Total;
        return new CaseListResponse(result.Items, result.Page, result.PageSize, result.Total,
            new PageLinks(Link(result.Page), hasNext ? Link(result.Page + 1) : null, result.Page > 1 ? Link(result.Page - 1) : null));
    }

    private static async Task<IResult> UpdateAsync(string case_id, HttpContext http, PartnerContext partner, UpdateCaseHandler handler)
    {
        var (id, ifMatch) = (ParseId(case_id), IfMatchHeader.Required(http));
        var body = await JsonBody.ReadAsync<UpdateCaseRequest>(http);
        bool setReference;
        using (var document = JsonDocument.Parse(JsonBody.RawOf(http))) setReference = document.RootElement.TryGetProperty("external_reference", out _);
        return await http.RunAsync(handler, new UpdateCaseCommand(partner.PartnerId, id, ifMatch, body.Company, setReference, body.ExternalReference),
            updated => Answer.Ok(updated.ToView()));
    }

    private static Task<IResult> SubmitAsync(string case_id, HttpContext http, PartnerContext partner, SubmitCaseHandler handler) =>
        http.RunAsync(handler, new SubmitCaseCommand(partner.PartnerId, ParseId(case_id), IfMatchHeader.Optional(http)),
            submitted => Answer.Ok(submitted.ToView()));

    /// <summary>An id that cannot be ours, or names a region we do not have, is simply not found.</summary>
    internal static CaseId ParseId(string text) =>
        CaseId.TryParse(text, out var id) ? id : throw CaseChanges.NotFound();
}
