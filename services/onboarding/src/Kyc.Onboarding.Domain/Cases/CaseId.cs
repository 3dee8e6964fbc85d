namespace Kyc.Onboarding.Domain.Cases;

/// <summary>
/// A case id names the data region that stores the case, so any request can be routed to the right database
/// without a cross-region lookup: <c>eu-0193f7a2-c4b8-7e3a-9f2b-1c4d5e6f7a8b</c> (region, '-', UUIDv7).
/// </summary>
public readonly record struct CaseId(string Region, Guid Value)
{
    public static CaseId New(string region) => new(region, Guid.CreateVersion7());

    public static bool TryParse(string? text, out CaseId id)
    {
        id = default;
        if (text is null || text.Length != 39 || text[2] != '-') return false;
        var region = text[..2];
        if (!region.All(char.IsAsciiLetterLower)) return false;
        if (!Guid.TryParseExact(text[3..], "D", out var value)) return false;
        if (!text[3..].Equals(value.ToString("D"), StringComparison.Ordinal)) return false;
        id = new CaseId(region, value);
        return true;
    }

    public override string ToString() => $"{Region}-{Value:D}";
}
