using Kyc.Commands;
using Kyc.Commands.Http;
using Kyc.Onboarding.Application.Cases;
using Kyc.Onboarding.Application.Cases.AddParty;
using Kyc.Onboarding.Application.Cases.RemoveParty;
using Kyc.Onboarding.Application.Cases.UpdateParty;
using Kyc.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Kyc.Onboarding.Api.Endpoints;

/// <summary>Directors, beneficial owners and shareholders of a case: /v1/onboarding/cases/{case_id}/parties.</summary>
public static class PartiesEndpoints
{
    public static void MapParties(this IEndpointRouteBuilder app)
    {
        var parties = app.MapGroup(CasesEndpoints.Prefix + "/{case_id}/parties").WithTags("Parties").RequirePartner();
        parties.MapPost("", AddAsync).RequireScope("cases:write").RequireIdempotencyKey().WithName("addParty")
            .WithSummary("Add a director, beneficial owner or shareholder (Idempotency-Key required)")
            .Accepts<PartyInput>("application/json").Produces<PartyView>(StatusCodes.Status201Created);
        parties.MapPut("/{party_id}", UpdateAsync).RequireScope("cases:write").WithName("updateParty")
            .WithSummary("Replace a party (If-Match with the case's ETag required)");
        parties.MapDelete("/{party_id}", RemoveAsync).RequireScope("cases:write").WithName("removeParty")
            .WithSummary("Remove a party (If-Match with the case's ETag required)").Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> AddAsync(string case_id, HttpContext http, PartnerContext partner, AddPartyHandler handler)
    {
        var (id, ifMatch) = (CasesEndpoints.ParseId(case_id), IfMatchHeader.Optional(http));
        var party = await JsonBody.ReadAsync<PartyInput>(http);
        return await http.RunCreatingAsync(partner.PartnerId, handler, new AddPartyCommand(partner.PartnerId, id, ifMatch, party),
            added => Answer.Created(added.Party.ToView(), $"{CasesEndpoints.Prefix}/{added.Case.Id}/parties/{added.Party.Id}"));
    }

    private static Task<IResult> UpdateAsync(string case_id, Guid party_id, HttpContext http, PartnerContext partner,
        [FromBody] PartyInput party, UpdatePartyHandler handler) =>
        http.RunAsync(handler,
            new UpdatePartyCommand(partner.PartnerId, CasesEndpoints.ParseId(case_id), party_id, IfMatchHeader.Required(http), party),
            updated => Answer.Ok(updated.ToView()));

    private static Task<IResult> RemoveAsync(string case_id, Guid party_id, HttpContext http, PartnerContext partner, RemovePartyHandler handler) =>
        http.RunAsync(handler, new RemovePartyCommand(partner.PartnerId, CasesEndpoints.ParseId(case_id), party_id, IfMatchHeader.Required(http)),
            _ => Answer.NoContent());
}
