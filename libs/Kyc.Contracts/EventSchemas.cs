using System.Collections.Frozen;
using System.Reflection;

namespace Kyc.Contracts;

/// <summary>
/// The schema files embedded in this assembly (<c>schemas/&lt;producer&gt;/&lt;event-type&gt;.v&lt;N&gt;.json</c>),
/// by their path below <c>schemas/</c>. Whoever serves the <c>dataschema</c> URIs serves these texts.
/// </summary>
public static class EventSchemas
{
    private const string ResourcePrefix = "kyc.contracts.schemas/";

    private static readonly Lazy<FrozenDictionary<string, string>> Texts = new(LoadAll);

    /// <summary>Every embedded schema path, e.g. <c>onboarding/case.created.v1.json</c>, registered or not.</summary>
    public static IReadOnlyCollection<string> Paths => Texts.Value.Keys;

    /// <summary>The schema text at <paramref name="schemaPath"/> (e.g. <c>onboarding/case.created.v1.json</c>).</summary>
    /// <exception cref="KeyNotFoundException">No schema file has that path.</exception>
    public static string Read(string schemaPath)
    {
        ArgumentNullException.ThrowIfNull(schemaPath);
        return Texts.Value.TryGetValue(schemaPath, out var text)
            ? text
            : throw new KeyNotFoundException($"No schema file schemas/{schemaPath} is embedded in Kyc.Contracts.");
    }

    private static FrozenDictionary<string, string> LoadAll()
    {
        var assembly = typeof(EventSchemas).Assembly;
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            // RecursiveDir uses the build machine's separator.
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            texts[path] = ReadResource(assembly, name);
        }

        return texts.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} cannot be opened.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
