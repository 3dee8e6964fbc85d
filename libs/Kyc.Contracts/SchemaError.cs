namespace Kyc.Contracts;

/// <summary>
/// One way a payload breaks its schema. <see cref="Path"/> is a JSONPath into the <c>data</c> (<c>$</c>,
/// <c>$.case_id</c>, <c>$.roles[0]</c>); <see cref="Message"/> says what is wrong and never echoes the value
/// (a malformed payload may carry personal data, and these messages reach logs and dead letters).
/// </summary>
public sealed record SchemaError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
