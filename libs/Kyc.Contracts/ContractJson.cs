using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Kyc.Contracts;

/// <summary>
/// The one JSON shape of every event payload (CloudEvents <c>data</c>): snake_case names, nullable fields written
/// as explicit <c>null</c> (the schemas require the key), strict reads. Producers serialise and consumers read
/// with these options; nothing else.
/// </summary>
public static class ContractJson
{
    /// <summary>
    /// Read-only options: <see cref="JsonNamingPolicy.SnakeCaseLower"/>; nulls are written, never omitted;
    /// a missing constructor parameter or a null for a non-nullable member fails the read (and a null in a
    /// non-nullable member fails the write); a duplicated property fails the read; unknown members are ignored on
    /// read, so a consumer keeps working when a version gains an optional field.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            PropertyNameCaseInsensitive = false,
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }
}
