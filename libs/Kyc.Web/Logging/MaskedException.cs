namespace Kyc.Web.Logging;

/// <summary>Stands in for a logged exception: its text (type, message, stack, inner exceptions) with free-text PII masked.</summary>
internal sealed class MaskedException(Exception original) : Exception(PiiMasker.MaskText(original.Message))
{
    private readonly string _text = PiiMasker.MaskText(original.ToString());

    public override string? StackTrace => null;

    public override string ToString() => _text;
}
