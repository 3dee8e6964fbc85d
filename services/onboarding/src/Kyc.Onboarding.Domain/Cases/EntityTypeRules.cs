namespace Kyc.Onboarding.Domain.Cases;

/// <summary>What each legal form must declare.</summary>
public static class EntityTypeRules
{
    /// <summary>Entities entered in a companies register carry a registration number and an incorporation date.</summary>
    public static bool RequiresRegistration(this EntityType type) => type is not (EntityType.SoleProprietorship or EntityType.GeneralPartnership or EntityType.Trust);

    /// <summary>A sole trader or partnership trades under a name other than its owners' personal names.</summary>
    public static bool RequiresTradingName(this EntityType type) => type is EntityType.SoleProprietorship or EntityType.GeneralPartnership;

    /// <summary>Bodies that must have at least one director (or equivalent officer) before submission.</summary>
    public static bool RequiresDirector(this EntityType type) => type is not (EntityType.SoleProprietorship or EntityType.Trust);
}
