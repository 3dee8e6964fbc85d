namespace Kyc.Onboarding.Domain.Parties;

/// <summary>Kinds of identity document; wire names (<c>driving_licence</c>, ...) from <c>Kyc.SharedKernel.Wire</c>.</summary>
public enum IdentityDocumentType
{
    Passport,
    NationalId,
    DrivingLicence,
    ResidencePermit,
}
