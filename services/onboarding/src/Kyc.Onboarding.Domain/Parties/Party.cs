namespace Kyc.Onboarding.Domain.Parties;

public sealed record Party(Guid Id, PartyDetails Details)
{
    public bool HasRole(PartyRole role) => Details.Roles.Contains(role);
}
