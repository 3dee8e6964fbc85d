using System.Text.RegularExpressions;

namespace Kyc.SharedKernel;

/// <summary>
/// One entry of the error catalog: a stable <paramref name="Code"/> partners can program against, the HTTP
/// status it is answered with, and a short human title. Its problem <c>type</c> is the documentation URL of the code.
/// </summary>
public sealed partial record ErrorDefinition
{
    public const string TypeBaseUri = "https://docs.onboarding-kyc.dev/errors/";

    public ErrorDefinition(string code, int status, string title)
    {
        if (!CodeFormat().IsMatch(code)) throw new ArgumentException($"error code '{code}' is not lower_snake_case", nameof(code));
        if (status is < 400 or > 599) throw new ArgumentOutOfRangeException(nameof(status), status, "an error status is 4xx or 5xx");
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        Code = code;
        Status = status;
        Title = title;
        Type = TypeBaseUri + code;
    }

    public string Code { get; }

    public int Status { get; }

    public string Title { get; }

    public string Type { get; }

    /// <summary>Refusals with this code are logged as warnings (with the request's method and path), for a record of them.</summary>
    public bool LogRefusals { get; init; }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex CodeFormat();
}
