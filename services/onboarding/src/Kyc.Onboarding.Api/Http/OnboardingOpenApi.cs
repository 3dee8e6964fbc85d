using Kyc.Web.OpenApi;
using Microsoft.OpenApi;

namespace Kyc.Onboarding.Api.Http;

/// <summary>
/// The onboarding API's part of its OpenAPI document: partner-facing info, the cases scopes, which request fields must be
/// present, and per operation its scopes, Idempotency-Key and If-Match headers, problem+json answers and description.
/// </summary>
public sealed class OnboardingOpenApi : KycOpenApiTransformer
{
    protected override OpenApiInfo Info => new()
    {
        Title = "OnboardingKyc onboarding API",
        Version = "v1",
        Contact = new OpenApiContact { Name = "OnboardingKyc partner integration", Email = "integrations@onboarding-kyc.dev" },
        Description = "Corporate onboarding cases, their parties and lifecycle. Errors are RFC 9457 problem+json with a stable `code` " +
            "(docs/api/error-catalog.md). Authenticate with OAuth 2 client credentials; the token's partner_id is your tenant.",
    };

    protected override string SecurityDescription => "Client credentials from the platform's identity provider (Keycloak).";

    protected override IReadOnlyDictionary<string, string> Scopes { get; } = new Dictionary<string, string>
    {
        ["cases:read"] = "Read the partner's cases",
        ["cases:write"] = "Open and change the partner's cases",
        ["cases:decide"] = "Review and decide cases (operators)",
    };

    protected override IReadOnlyDictionary<string, string[]> RequiredRequestFields { get; } = new Dictionary<string, string[]>
    {
        ["CreateCaseRequest"] = ["company"],
        ["CompanyInput"] = ["legal_name", "jurisdiction", "entity_type", "registered_address"],
        ["AddressInput"] = ["line1", "city", "postal_code", "country"],
        ["PartyInput"] = ["type", "roles"],
        ["IdentityDocumentInput"] = ["type", "number", "issuing_country"],
        ["UpdateCaseRequest"] = [],
        ["RequestInfoRequest"] = ["reason_code"],
        ["DecisionRequest"] = ["outcome", "reason_code"],
    };

    private const string CaseETag = "The case's ETag as last read, e.g. \"3\" (or a list of ETags, one of which must be current; or *): " +
        "412 when the case changed since.";
    private static readonly HeaderDoc IfMatchRequired = HeaderDoc.IfMatch(required: true, CaseETag + " Required: changes that replace data answer 428 without it.");
    private static readonly HeaderDoc IfMatchOptional = HeaderDoc.IfMatch(required: false, CaseETag +
        " Optional on state transitions and additions: without it the action applies to the case as it is now, and the lifecycle refuses one that no longer applies (409).");
    private static readonly int[] Auth = [401, 403];

    protected override IReadOnlyDictionary<string, OperationDoc> Operations { get; } = new Dictionary<string, OperationDoc>
    {
        ["createCase"] = new(["cases:write"], [HeaderDoc.IdempotencyKey], [400, .. Auth, 413, 415, 422],
            "Opens a draft case for a corporate customer in the data region of its jurisdiction, optionally with its parties. Repeat a request with the same Idempotency-Key and body to get the first response again."),
        ["listCases"] = new(["cases:read"], [], [.. Auth, 422],
            "Lists the calling partner's cases, newest first, with page and page_size (at most 100) and links to the next and previous pages."),
        ["getCase"] = new(["cases:read"], [], [.. Auth, 404],
            "Reads one case with its company details and parties. The ETag is the case's version: send it as If-Match to change the case, or as If-None-Match to get 304 when nothing changed."),
        ["updateCase"] = new(["cases:write"], [IfMatchRequired], [400, .. Auth, 404, 409, 412, 413, 415, 422, 428],
            "Replaces the company details (as a whole) and/or the external reference of a draft or info_requested case. A jurisdiction of another data region is refused: cases never move between regions."),
        ["submitCase"] = new(["cases:write"], [IfMatchOptional], [.. Auth, 404, 409, 412, 422],
            "Hands a complete case (a director for company types, at least one beneficial owner, registration details) to review."),
        ["addParty"] = new(["cases:write"], [HeaderDoc.IdempotencyKey, IfMatchOptional], [400, .. Auth, 404, 409, 412, 413, 415, 422],
            "Adds a director, ultimate beneficial owner, shareholder or signatory (a natural person, or a corporate shareholder or director) to a draft or info_requested case."),
        ["updateParty"] = new(["cases:write"], [IfMatchRequired], [400, .. Auth, 404, 409, 412, 413, 415, 422, 428],
            "Replaces everything known about a party of a draft or info_requested case."),
        ["removeParty"] = new(["cases:write"], [IfMatchRequired], [.. Auth, 404, 409, 412, 428],
            "Removes a party from a draft or info_requested case."),
        ["listCasesForReview"] = new(["cases:read"], [], [.. Auth, 422],
            "Operators list every partner's cases, newest first, with the same paging and filters as the partner list plus partner_id; status=submitted lists the cases waiting for review."),
        ["getCaseForReview"] = new(["cases:read"], [], [.. Auth, 404],
            "Operators read any partner's case with its ETag, to send as If-Match with a review action."),
        ["startReview"] = new(["cases:decide"], [IfMatchOptional], [.. Auth, 404, 409, 412],
            "Operators take a submitted case into review."),
        ["requestInfo"] = new(["cases:decide"], [IfMatchOptional], [400, .. Auth, 404, 409, 412, 415, 422],
            "Operators send a case in review back to the partner with a reason code and a note; the partner changes it and submits again."),
        ["decideCase"] = new(["cases:decide"], [IfMatchOptional], [400, .. Auth, 404, 409, 412, 415, 422],
            "Operators approve or reject a case in review, with a reason code and an optional note."),
    };
}
