using Microsoft.Extensions.Primitives;

namespace Kyc.Web.RequestIds;

/// <summary>
/// The <c>X-Request-Id</c> rules, the same as the gateway's: a caller's id is kept when it is 1 to 128 characters of
/// <c>[A-Za-z0-9._-]</c>, so that it can be written into logs, JSON bodies and headers without escaping; otherwise
/// a new one is generated.
/// </summary>
public static class RequestId
{
    public const string HeaderName = "X-Request-Id";
    public const int MaxLength = 128;

    public static bool IsAcceptable(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength) return false;
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) return false;
        }
        return true;
    }

    public static string FromHeaderOrNew(StringValues header) =>
        header.Count == 1 && IsAcceptable(header[0]) ? header[0]! : New();

    public static string New() => Guid.NewGuid().ToString("N");
}
