namespace Kyc.Onboarding.Domain.Cases;

/// <summary>Legal forms a corporate customer can have, and what each must declare.</summary>
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

    public static readonly IReadOnlyList<string> All =
    [
        PrivateLimitedCompany, PublicLimitedCompany, LimitedLiabilityPartnership, LimitedPartnership,
        GeneralPartnership, SoleProprietorship, Trust, Foundation, Association, Cooperative, Other,
    ];

    private static readonly HashSet<string> Unregistered = [SoleProprietorship, GeneralPartnership, Trust];

    public static bool IsKnown(string? value) => value is not null && All.Contains(value);

    /// <summary>Entities entered in a companies register carry a registration number and an incorporation date.</summary>
    public static bool RequiresRegistration(string entityType) => !Unregistered.Contains(entityType);

    /// <summary>A sole trader or partnership trades under a name other than its owners' personal names.</summary>
    public static bool RequiresTradingName(string entityType) => entityType is SoleProprietorship or GeneralPartnership;

    /// <summary>Bodies that must have at least one director (or equivalent officer) before submission.</summary>
    public static bool RequiresDirector(string entityType) => entityType is not (SoleProprietorship or Trust);
}
