namespace Kyc.Contracts.Tests.Compatibility;

/// <summary>
/// One change between a published (frozen) schema version and its current text that can break a producer or
/// consumer of that version. <see cref="Path"/> is a JSONPath into the event's data (<c>$.region</c>,
/// <c>$.roles[*]</c>); <see cref="Reason"/> says what changed.
/// </summary>
public sealed record BreakingChange(string Path, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Reason}";
}
