namespace Kyc.Onboarding.Domain.Cases;

public enum CaseStatus
{
    Draft,
    Submitted,
    InReview,
    InfoRequested,
    Approved,
    Rejected,
}

public static class CaseStatusNames
{
    public static string ToWire(this CaseStatus status) => status switch
    {
        CaseStatus.Draft => "draft",
        CaseStatus.Submitted => "submitted",
        CaseStatus.InReview => "in_review",
        CaseStatus.InfoRequested => "info_requested",
        CaseStatus.Approved => "approved",
        CaseStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? wire, out CaseStatus status)
    {
        foreach (var candidate in Enum.GetValues<CaseStatus>())
        {
            if (candidate.ToWire() == wire)
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    public static CaseStatus Parse(string wire) =>
        TryParse(wire, out var status) ? status : throw new FormatException($"unknown case status '{wire}'");
}
