using Kyc.Web.Problems;
using Microsoft.Extensions.Primitives;

namespace Kyc.Onboarding.Api.Http;

/// <summary>A case's ETag is its version: <c>"7"</c>. Changes send it back in If-Match; reads may send it in If-None-Match.</summary>
public static class CaseETags
{
    public static string Of(int version) => $"\"{version}\"";

    /// <summary>
    /// The version a change must find (If-Match); null for <c>*</c> (any current version). 428 without the header,
    /// 412 when it names no version of ours.
    /// </summary>
    public static int? Required(StringValues ifMatch) =>
        StringValues.IsNullOrEmpty(ifMatch)
            ? throw new ApiProblemException("precondition_required",
                "Send If-Match with the case's current ETag (from a GET or the last change) to change it.")
            : Optional(ifMatch);

    /// <summary>The version If-Match names; null without the header or for <c>*</c>.</summary>
    public static int? Optional(StringValues ifMatch)
    {
        if (StringValues.IsNullOrEmpty(ifMatch)) return null;
        var value = ifMatch.ToString().Trim();
        if (value == "*") return null;
        if (TryParseStrong(value, out var version)) return version;
        throw new ApiProblemException("precondition_failed", "If-Match does not name a current version of this case (expected e.g. \"3\").");
    }

    /// <summary>If-None-Match matches (weak comparison, RFC 9110 13.1.2): <c>*</c>, or any listed tag naming this version.</summary>
    public static bool NoneMatchHits(StringValues ifNoneMatch, int version) =>
        ifNoneMatch.SelectMany(v => (v ?? "").Split(',')).Select(t => t.Trim()).Any(tag =>
            tag == "*" || (TryParseStrong(tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag, out var v) && v == version));

    private static bool TryParseStrong(string tag, out int version)
    {
        version = 0;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"' && int.TryParse(tag.AsSpan(1, tag.Length - 2), out version) && version > 0;
    }
}
