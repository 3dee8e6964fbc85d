using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kyc.Web.OpenApi;

/// <summary>
/// Completes a service's generated OpenAPI document with what the code expresses outside the endpoint signatures:
/// OAuth 2 client-credentials security and scopes, request headers, every problem+json answer, and which request fields
/// must be present, and the platform's 429 and 503 on every operation. A service derives one class from this that says only what is its own, and registers it as both the
/// document and the schema transformer: <c>AddOpenApi("v1", o => o.AddDocumentTransformer&lt;T&gt;().AddSchemaTransformer&lt;T&gt;())</c>.
/// </summary>
public abstract class KycOpenApiTransformer : IOpenApiDocumentTransformer, IOpenApiSchemaTransformer
{
    /// <summary>Title, contact and description of the API.</summary>
    protected abstract OpenApiInfo Info { get; }

    /// <summary>Who may get a token for the API (the security scheme's description).</summary>
    protected abstract string SecurityDescription { get; }

    /// <summary>The API's scopes, each with what it allows.</summary>
    protected abstract IReadOnlyDictionary<string, string> Scopes { get; }

    /// <summary>Per operation id, what its document needs beyond the signature.</summary>
    protected abstract IReadOnlyDictionary<string, OperationDoc> Operations { get; }

    /// <summary>
    /// Per request type name, the fields that must be present. Everything else in a request is optional at the JSON level
    /// (the generator would call every constructor parameter required); what a field must contain is checked by validators.
    /// </summary>
    protected abstract IReadOnlyDictionary<string, string[]> RequiredRequestFields { get; }

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (RequiredRequestFields.TryGetValue(context.JsonTypeInfo.Type.Name, out var required))
            schema.Required = new HashSet<string>(required);
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = Info;
        // The generated document must not depend on where it was generated (it is committed and compared).
        document.Servers = [new OpenApiServer { Url = "https://api.onboarding-kyc.dev", Description = "Production gateway" }];
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema.Name] = ProblemSchema.Create();
        PlatformResponses.AddTo(document);
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ClientCredentialsScheme.Name] = ClientCredentialsScheme.Create(SecurityDescription, Scopes),
        };
        foreach (var path in document.Paths.Values)
        {
            if (path.Operations is null) continue;
            foreach (var operation in path.Operations.Values)
            {
                if (operation.OperationId is not { } id || !Operations.TryGetValue(id, out var doc)) continue;
                doc.ApplyTo(operation, document);
                PlatformResponses.ApplyTo(operation, document);
            }
        }
        return Task.CompletedTask;
    }
}
