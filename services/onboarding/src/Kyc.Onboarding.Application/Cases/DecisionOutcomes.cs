namespace Kyc.Onboarding.Application.Cases;

/// <summary>An operator's decision as partners write and read it: <c>approved</c> or <c>rejected</c>.</summary>
public static class DecisionOutcomes
{
    public const string Approved = "approved";
    public const string Rejected = "rejected";

    public static string Of(bool approved) => approved ? Approved : Rejected;

    public static bool TryParse(string? outcome, out bool approve)
    {
        approve = outcome == Approved;
        return outcome is Approved or Rejected;
    }
}
