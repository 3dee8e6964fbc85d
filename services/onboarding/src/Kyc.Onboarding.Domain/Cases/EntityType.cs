namespace Kyc.Onboarding.Domain.Cases;

/// <summary>Legal forms a corporate customer can have; wire names (<c>private_limited_company</c>, ...) from <c>Kyc.SharedKernel.Wire</c>.</summary>
public enum EntityType
{
    PrivateLimitedCompany,
    PublicLimitedCompany,
    LimitedLiabilityPartnership,
    LimitedPartnership,
    GeneralPartnership,
    SoleProprietorship,
    Trust,
    Foundation,
    Association,
    Cooperative,
    Other,
}
