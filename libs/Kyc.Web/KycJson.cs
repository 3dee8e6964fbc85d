using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kyc.Web;

/// <summary>
/// The JSON of every service's API: snake_case names (dictionary keys too) and enums, and strict reads (an unknown
/// member, a number in a string, or a name in another case is a malformed request rather than silently dropped).
/// </summary>
public static class KycJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }
}
