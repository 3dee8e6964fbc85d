namespace Kyc.Onboarding.Domain.Parties;

public static class PartyRoleRules
{
    /// <summary>A beneficial owner is by definition a natural person; a company can hold shares or sit as a corporate director.</summary>
    public static bool IsAllowedFor(this PartyRole role, PartyType type) => type == PartyType.NaturalPerson || role is PartyRole.Shareholder or PartyRole.Director;
}
