using Kyc.Web.Problems;
using Microsoft.Extensions.Primitives;

namespace Kyc.Onboarding.Api.Http;

/// <summary>A case's ETag is its version: <c>"7"</c>. Updates send it back in If-Match.</summary>
public static class CaseETags
{
    public static string Of(int version) => $"\"{version}\"";

    /// <summary>The version If-Match names; 428 when the header is missing, 412 when it names no version of ours.</summary>
    public static int Required(StringValues ifMatch) =>
        Optional(ifMatch) ?? throw new ApiProblemException("precondition_required",
            "Send If-Match with the case's current ETag (from a GET or the last change) to change it.");

    /// <summary>The version If-Match names, or null without the header.</summary>
    public static int? Optional(StringValues ifMatch)
    {
        if (StringValues.IsNullOrEmpty(ifMatch)) return null;
        var value = ifMatch.ToString().Trim();
        if (value.Length > 2 && value[0] == '"' && value[^1] == '"' && int.TryParse(value.AsSpan(1, value.Length - 2), out var version) && version > 0)
            return version;
        throw new ApiProblemException("precondition_failed", "If-Match does not name a current version of this case (expected e.g. \"3\").");
    }
}
