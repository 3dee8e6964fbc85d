namespace Kyc.Onboarding.Application.Common;

public static class OperatorNotes
{
    public const int MaxNoteLength = 2000;

    public static void Validate(string? reasonCode, string? note)
    {
        var errors = new Dictionary<string, string[]>();
        if (reasonCode is null || !TextRules.ReasonCode().IsMatch(reasonCode))
            errors["reason_code"] = ["Required: lowercase letters, digits and underscores, 2 to 50 characters (e.g. sanctions_hit)."];
        if (note is not null && (note.Length > MaxNoteLength || !note.All(c => c is '\n' or '\r' or '\t' || !char.IsControl(c))))
            errors["note"] = [$"At most {MaxNoteLength} characters; no control characters other than line breaks and tabs."];
        if (errors.Count > 0) throw Validation.Failed(errors);
    }
}
