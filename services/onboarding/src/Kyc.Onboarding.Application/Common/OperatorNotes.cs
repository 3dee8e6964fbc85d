using FluentValidation;

namespace Kyc.Onboarding.Application.Common;

/// <summary>An operator's reason code and note (request-info and decisions).</summary>
public static class OperatorNotes
{
    public const int MaxNoteLength = 2000;

    public const string ReasonCodeRule = "Required: lowercase letters, digits and underscores, 2 to 50 characters (e.g. sanctions_hit).";

    public static readonly string NoteRule = $"At most {MaxNoteLength} characters; no control characters other than line breaks and tabs.";

    public static bool IsReasonCode(string? reasonCode) => reasonCode is not null && TextRules.ReasonCode().IsMatch(reasonCode);

    public static bool IsNote(string? note) =>
        note is null || (note.Length <= MaxNoteLength && note.All(c => c is '\n' or '\r' or '\t' || !char.IsControl(c)));
}

/// <summary>A command carrying an operator's reason code and note.</summary>
public interface IOperatorNote
{
    string? ReasonCode { get; }

    string? Note { get; }
}

/// <summary>The reason code and note rules every operator command shares.</summary>
public abstract class OperatorNoteValidator<T> : AbstractValidator<T> where T : IOperatorNote
{
    protected OperatorNoteValidator()
    {
        RuleFor(c => c.ReasonCode).Must(OperatorNotes.IsReasonCode).WithMessage(OperatorNotes.ReasonCodeRule);
        RuleFor(c => c.Note).Must(OperatorNotes.IsNote).WithMessage(OperatorNotes.NoteRule);
    }
}
