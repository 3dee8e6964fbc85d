using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kyc.Contracts.Tests;

internal static class Json
{
    /// <summary>The sample of <paramref name="cloudEventType"/> as a mutable JSON object, to break on purpose.</summary>
    public static JsonObject SampleObject(string cloudEventType)
    {
        var contract = EventRegistry.Find(cloudEventType)!;
        return JsonSerializer.SerializeToNode(Samples.ByDataType[contract.DataType], contract.DataType, ContractJson.Options)!.AsObject();
    }

    public static JsonObject Schema(EventContract contract) => JsonNode.Parse(contract.SchemaJson)!.AsObject();
}
