namespace Kyc.Contracts.Onboarding;

// The closed value sets of the onboarding schemas' enums, as wire strings. The records carry strings, not C#
// enums, so that a consumer built against an older contract does not fail to read a value added later:
// treat an unknown value as "other/unknown", never crash on it. Tests keep these lists equal to the schemas.

/// <summary>Case statuses (<c>status</c>, <c>previous_status</c>).</summary>
public static class CaseStatuses
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string InReview = "in_review";
    public const string InfoRequested = "info_requested";
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    /// <summary>Every status, in lifecycle order.</summary>
    public static IReadOnlyList<string> All { get; } = [Draft, Submitted, InReview, InfoRequested, Approved, Rejected];
}

/// <summary>Legal forms (<c>entity_type</c>).</summary>
public static class EntityTypes
{
    public const string PrivateLimitedCompany = "private_limited_company";
    public const string PublicLimitedCompany = "public_limited_company";
    public const string LimitedLiabilityPartnership = "limited_liability_partnership";
    public const string LimitedPartnership = "limited_partnership";
    public const string GeneralPartnership = "general_partnership";
    public const string SoleProprietorship = "sole_proprietorship";
    public const string Trust = "trust";
    public const string Foundation = "foundation";
    public const string Association = "association";
    public const string Cooperative = "cooperative";
    public const string Other = "other";

    /// <summary>Every legal form.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PrivateLimitedCompany, PublicLimitedCompany, LimitedLiabilityPartnership, LimitedPartnership,
        GeneralPartnership, SoleProprietorship, Trust, Foundation, Association, Cooperative, Other,
    ];
}

/// <summary>Kinds of party (<c>party_type</c>).</summary>
public static class PartyTypes
{
    public const string NaturalPerson = "natural_person";
    public const string Corporate = "corporate";

    /// <summary>Every party type.</summary>
    public static IReadOnlyList<string> All { get; } = [NaturalPerson, Corporate];
}

/// <summary>A party's roles in the company (<c>roles</c>).</summary>
public static class PartyRoles
{
    public const string Director = "director";
    public const string Ubo = "ubo";
    public const string Shareholder = "shareholder";
    public const string Signatory = "signatory";

    /// <summary>Every role.</summary>
    public static IReadOnlyList<string> All { get; } = [Director, Ubo, Shareholder, Signatory];
}
