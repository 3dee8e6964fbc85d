using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Kyc.Web.Problems;

/// <summary>
/// Every error code a service answers with (the base codes, the command pipeline's, and the service's own), for
/// <see cref="ApiResults"/> by code and for publishing the catalog.
/// Services extend it with <c>builder.Services.AddKycErrors(...)</c>.
/// </summary>
public sealed class ErrorCatalog
{
    private readonly ConcurrentDictionary<string, ErrorDefinition> _byCode = new(StringComparer.Ordinal);

    public ErrorCatalog() : this([]) { }

    public ErrorCatalog(IEnumerable<ErrorDefinition> serviceErrors)
    {
        foreach (var error in BaseErrors.All) Add(error);
        foreach (var error in CommonErrors.All) Add(error);
        foreach (var error in serviceErrors) Add(error);
    }

    public IReadOnlyList<ErrorDefinition> All => [.. _byCode.Values.OrderBy(e => e.Code, StringComparer.Ordinal)];

    /// <summary>Adds a code; adding the same definition twice is fine, redefining a code is a programming error.</summary>
    public ErrorCatalog Add(ErrorDefinition error)
    {
        var existing = _byCode.GetOrAdd(error.Code, error);
        if (existing != error)
        {
            throw new InvalidOperationException(
                $"error code '{error.Code}' is already defined as {existing.Status} '{existing.Title}'");
        }
        return this;
    }

    public bool TryGet(string code, [NotNullWhen(true)] out ErrorDefinition? error) => _byCode.TryGetValue(code, out error);

    public ErrorDefinition Get(string code) =>
        TryGet(code, out var error)
            ? error
            : throw new KeyNotFoundException($"error code '{code}' is not in the catalog: register it with AddKycErrors");
}
