using Kyc.Onboarding.Api.Http;
using Kyc.Onboarding.Application.Cases;
using Kyc.Onboarding.Application.Cases.AddParty;
using Kyc.Onboarding.Application.Cases.RemoveParty;
using Kyc.Onboarding.Application.Cases.UpdateParty;
using Kyc.Onboarding.Application.Common;
using Kyc.Onboarding.Application.Ports;
using Kyc.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Kyc.Onboarding.Api.Endpoints;

/// <summary>Directors, beneficial owners and shareholders of a case: /v1/onboarding/cases/{case_id}/parties.</summary>
public static class PartiesEndpoints
{
    public static void MapParties(this IEndpointRouteBuilder app)
    {
        var parties = app.MapGroup(CasesEndpoints.Prefix + "/{case_id}/parties").WithTags("Parties").RequirePartner()
            .AddEndpointFilter<UseCaseProblemFilter>();
        parties.MapPost("", AddAsync).RequireScope("cases:write").WithName("addParty")
            .WithSummary("Add a director, beneficial owner or shareholder (Idempotency-Key required)")
            .Accepts<PartyInput>("application/json").Produces<PartyView>(StatusCodes.Status201Created);
        parties.MapPut("/{party_id}", UpdateAsync).RequireScope("cases:write").WithName("updateParty")
            .WithSummary("Replace a party (If-Match with the case's ETag required)");
        parties.MapDelete("/{party_id}", RemoveAsync).RequireScope("cases:write").WithName("removeParty")
            .WithSummary("Remove a party (If-Match with the case's ETag required)");
    }

    private static async Task<IResult> AddAsync(string case_id, HttpContext http, PartnerContext partner, AddPartyHandler handler)
    {
        var id = CasesEndpoints.ParseId(case_id);
        var key = IdempotentPost.RequireKey(http);
        var expected = CaseETags.Optional(http.Request.Headers.IfMatch);
        var (party, raw) = await JsonBody.ReadAsync<PartyInput>(http);
        var command = new AddPartyCommand(partner.PartnerId, id, expected, party);
        handler.Validate(command);
        if (!http.RequestServices.GetRequiredService<IResidencyPolicy>().Regions.Contains(id.Region))
            throw new UseCaseException(UseCaseErrors.CaseNotFound, "There is no case with this id.");
        return await IdempotentPost.RunAsync(http, partner.PartnerId, key, raw, id.Region, async uow =>
        {
            var (@case, added) = await handler.ExecuteAsync(command, uow, http.RequestAborted);
            return new CreatedResponse(added.ToView(), $"{CasesEndpoints.Prefix}/{@case.Id}/parties/{added.Id}", CaseETags.Of(@case.Version));
        });
    }

    private static async Task<IResult> UpdateAsync(string case_id, Guid party_id, HttpContext http, PartnerContext partner,
        [FromBody] PartyInput party, UpdatePartyHandler handler, IOnboardingUnitOfWorkFactory units)
    {
        var id = CasesEndpoints.ParseId(case_id);
        var expected = CaseETags.Required(http.Request.Headers.IfMatch);
        var @case = await CasesEndpoints.ChangeAsync(http, units, id,
            uow => handler.HandleAsync(new UpdatePartyCommand(partner.PartnerId, id, party_id, expected, party), uow, http.RequestAborted));
        return TypedResults.Ok(@case.Parties.Single(p => p.Id == party_id).ToView());
    }

    private static async Task<IResult> RemoveAsync(string case_id, Guid party_id, HttpContext http, PartnerContext partner,
        RemovePartyHandler handler, IOnboardingUnitOfWorkFactory units)
    {
        var id = CasesEndpoints.ParseId(case_id);
        var expected = CaseETags.Required(http.Request.Headers.IfMatch);
        await CasesEndpoints.ChangeAsync(http, units, id,
            uow => handler.HandleAsync(new RemovePartyCommand(partner.PartnerId, id, party_id, expected), uow, http.RequestAborted));
        return TypedResults.NoContent();
    }
}
