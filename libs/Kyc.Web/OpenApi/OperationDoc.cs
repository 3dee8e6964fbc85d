using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace Kyc.Web.OpenApi;

/// <summary>
/// What an operation's document needs beyond its endpoint signature: the scopes it requires, the headers it reads,
/// the error statuses it answers with problem+json, and a description.
/// </summary>
public sealed record OperationDoc(string[] Scopes, HeaderDoc[] Headers, int[] Errors, string Description)
{
    /// <summary>Writes this into <paramref name="operation"/> of <paramref name="document"/>.</summary>
    public void ApplyTo(OpenApiOperation operation, OpenApiDocument document)
    {
        operation.Description = Description;
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ClientCredentialsScheme.Name, document)] = [.. Scopes] }];
        operation.Parameters ??= [];
        foreach (var header in Headers) operation.Parameters.Add(header.ToParameter());
        operation.Responses ??= [];
        foreach (var status in Errors)
        {
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = ReasonPhrases.GetReasonPhrase(status),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Name, document) },
                },
            };
        }
    }
}
