namespace Kyc.Onboarding.Application.Ports;

/// <summary>Which data region stores a company's case, from config/data-residency.yaml.</summary>
public interface IResidencyPolicy
{
    IReadOnlyList<string> Regions { get; }

    /// <summary>The region that stores cases of this jurisdiction, or null when the platform does not serve it.</summary>
    string? RegionFor(string jurisdiction);
}
