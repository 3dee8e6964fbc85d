using Kyc.Onboarding.Application.Ports;
using Kyc.Onboarding.Domain.Common;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Kyc.Onboarding.Infrastructure.Residency;

/// <summary>config/data-residency.yaml: regions, their databases and the jurisdictions each serves.</summary>
public sealed class ResidencyConfig : IResidencyPolicy
{
    private readonly Dictionary<string, string> _regionByJurisdiction = new(StringComparer.Ordinal);

    private ResidencyConfig(IReadOnlyDictionary<string, RegionEntry> regions)
    {
        RegionsByName = regions;
        foreach (var (region, entry) in regions)
        {
            if (region.Length != 2 || !region.All(char.IsAsciiLetterLower))
                throw new InvalidDataException($"data residency: region '{region}' must be two lowercase letters (it is part of case ids).");
            if (string.IsNullOrWhiteSpace(entry.Database))
                throw new InvalidDataException($"data residency: region '{region}' names no database.");
            foreach (var jurisdiction in entry.Jurisdictions)
            {
                if (!CountryCodes.IsValid(jurisdiction))
                    throw new InvalidDataException($"data residency: '{jurisdiction}' in region '{region}' is not an ISO 3166-1 alpha-2 code.");
                if (!_regionByJurisdiction.TryAdd(jurisdiction, region))
                    throw new InvalidDataException($"data residency: {jurisdiction} is in both {_regionByJurisdiction[jurisdiction]} and {region}.");
            }
        }
        Regions = [.. regions.Keys.Order(StringComparer.Ordinal)];
    }

    public IReadOnlyDictionary<string, RegionEntry> RegionsByName { get; }

    public IReadOnlyList<string> Regions { get; }

    public string? RegionFor(string jurisdiction) => _regionByJurisdiction.GetValueOrDefault(jurisdiction);

    public static ResidencyConfig Load(string path)
    {
        var file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
            .Deserialize<ResidencyFile>(File.ReadAllText(path));
        if (file?.Regions is not { Count: > 0 }) throw new InvalidDataException($"data residency: {path} defines no regions.");
        return new ResidencyConfig(file.Regions);
    }

    public sealed class RegionEntry
    {
        public string? Description { get; set; }
        public string Database { get; set; } = "";
        public List<string> Jurisdictions { get; set; } = [];
    }

    private sealed class ResidencyFile
    {
        public Dictionary<string, RegionEntry> Regions { get; set; } = [];
    }
}
