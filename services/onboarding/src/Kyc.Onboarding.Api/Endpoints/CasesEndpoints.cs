using System.Globalization;
using System.Text.Json;
using Kyc.Onboarding.Api.Http;
using Kyc.Onboarding.Application.Cases;
using Kyc.Onboarding.Application.Cases.CreateCase;
using Kyc.Onboarding.Application.Cases.GetCase;
using Kyc.Onboarding.Application.Cases.ListCases;
using Kyc.Onboarding.Application.Cases.SubmitCase;
using Kyc.Onboarding.Application.Cases.UpdateCase;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Cases;
using Kyc.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kyc.Onboarding.Api.Endpoints;

/// <summary>Partners' endpoints for their cases: /v1/onboarding/cases.</summary>
public static class CasesEndpoints
{
    public const string Prefix = "/v1/onboarding/cases";

    public static void MapCases(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup(Prefix).WithTags("Cases").RequirePartner().AddEndpointFilter<UseCaseProblemFilter>();
        cases.MapPost("", CreateAsync).RequireScope("cases:write").WithName("createCase")
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
        var key = IdempotentPost.RequireKey(http);
        var (request, raw) = await JsonBody.ReadAsync<CreateCaseRequest>(http);
        var command = new CreateCaseCommand(partner.PartnerId, request.Company, request.ExternalReference, request.Parties);
        var region = handler.ValidateAndPickRegion(command);
        return await IdempotentPost.RunAsync(http, partner.PartnerId, key, raw, region, async uow =>
        {
            var created = await handler.ExecuteAsync(command, uow, http.RequestAborted);
            return new CreatedResponse(created.ToView(), $"{Prefix}/{created.Id}", CaseETags.Of(created.Version));
        });
    }

    private static async Task<IResult> GetAsync(string case_id, HttpContext http, PartnerContext partner, GetCaseHandler handler)
    {
        return Read(http, await handler.HandleAsync(partner.PartnerId, ParseId(case_id), http.RequestAborted));
    }

    /// <summary>The case with its ETag, or 304 when the client's If-None-Match has that version.</summary>
    internal static IResult Read(HttpContext http, OnboardingCase @case)
    {
        http.Response.Headers.ETag = CaseETags.Of(@case.Version);
        if (CaseETags.NoneMatchHits(http.Request.Headers.IfNoneMatch, @case.Version)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(@case.ToView());
    }

    private static async Task<Ok<CaseListResponse>> ListAsync(HttpContext http, PartnerContext partner, ListCasesHandler handler,
        int? page, int? page_size, string? status, string? external_reference, DateTimeOffset? created_from, DateTimeOffset? created_to)
    {
        var query = new ListCasesQuery(partner.PartnerId, page, page_size, status, external_reference, created_from, created_to);
        return TypedResults.Ok(PageOf(Prefix, query, await handler.HandleAsync(query, http.RequestAborted), linkPartner: false));
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

    private static async Task<IResult> UpdateAsync(string case_id, HttpContext http, PartnerContext partner,
        UpdateCaseHandler handler, IOnboardingUnitOfWorkFactory units)
    {
        var id = ParseId(case_id);
        var expected = CaseETags.Required(http.Request.Headers.IfMatch);
        // Read like the other bodies (415, malformed_request). Binding [FromBody] JsonElement failed with a
        // NullReferenceException (500) on an empty body.
        var (request, raw) = await JsonBody.ReadAsync<UpdateCaseRequest>(http);
        bool setReference;
        using (var document = JsonDocument.Parse(raw)) setReference = document.RootElement.TryGetProperty("external_reference", out _);
        var @case = await ChangeAsync(http, units, id, uow => handler.HandleAsync(
            new UpdateCaseCommand(partner.PartnerId, id, expected, request.Company, setReference, request.ExternalReference), uow, http.RequestAborted));
        return TypedResults.Ok(@case.ToView());
    }

    private static async Task<IResult> SubmitAsync(string case_id, HttpContext http, PartnerContext partner, SubmitCaseHandler handler,
        IOnboardingUnitOfWorkFactory units)
    {
        var id = ParseId(case_id);
        var expected = CaseETags.Optional(http.Request.Headers.IfMatch);
        var @case = await ChangeAsync(http, units, id, uow => handler.HandleAsync(new SubmitCaseCommand(partner.PartnerId, id, expected), uow, http.RequestAborted));
        return TypedResults.Ok(@case.ToView());
    }

    /// <summary>Runs a change in the case's region, commits it and sets the response's ETag to the case's new version.</summary>
    internal static async Task<OnboardingCase> ChangeAsync(HttpContext http, IOnboardingUnitOfWorkFactory units, CaseId id,
        Func<IOnboardingUnitOfWork, Task<OnboardingCase>> change)
    {
        if (!http.RequestServices.GetRequiredService<IResidencyPolicy>().Regions.Contains(id.Region))
            throw new UseCaseException(UseCaseErrors.CaseNotFound, "There is no case with this id.");
        await using var uow = await units.BeginAsync(id.Region, http.RequestAborted);
        var @case = await change(uow);
        await uow.CommitAsync(http.RequestAborted);
        http.Response.Headers.ETag = CaseETags.Of(@case.Version);
        return @case;
    }

    /// <summary>An id that cannot be ours, or names a region we do not have, is simply not found.</summary>
    internal static CaseId ParseId(string text) =>
        CaseId.TryParse(text, out var id) ? id : throw new UseCaseException(UseCaseErrors.CaseNotFound, "There is no case with this id.");
}
