using System.Reflection;

namespace Kyc.Persistence.Migrations;

/// <summary>
/// A named, ordered set of versioned SQL scripts: a service's <c>migrations/</c> directory or the scripts a library
/// embeds. Versions are unique within a source; the database records what was applied per source name.
/// </summary>
public sealed class MigrationSource
{
    public MigrationSource(string name, IEnumerable<MigrationScript> scripts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(scripts);
        var ordered = scripts.OrderBy(s => s.Version).ToArray();
        var duplicate = ordered.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException(
                $"Migration source '{name}' has more than one script with version {duplicate.Key}: {string.Join(", ", duplicate.Select(s => s.Origin))}.",
                nameof(scripts));
        Name = name;
        Scripts = ordered;
    }

    public string Name { get; }

    /// <summary>The scripts by ascending version.</summary>
    public IReadOnlyList<MigrationScript> Scripts { get; }

    /// <summary>Every <c>*.sql</c> file directly in <paramref name="directory"/>; a misnamed one is an error, not skipped.</summary>
    public static MigrationSource FromDirectory(string name, string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Migration directory '{directory}' of source '{name}' does not exist.");
        var scripts = Directory.EnumerateFiles(directory, "*.sql", SearchOption.TopDirectoryOnly)
            .Select(path => MigrationScript.Parse(Path.GetFileName(path), File.ReadAllBytes(path), path));
        return new MigrationSource(name, scripts);
    }

    /// <summary>
    /// Every manifest resource of <paramref name="assembly"/> whose name starts with <paramref name="resourcePrefix"/>;
    /// the rest of the name is the file name (give the resources a <c>LogicalName</c> like <c>prefix/V0001__x.sql</c>).
    /// </summary>
    public static MigrationSource FromEmbeddedResources(string name, Assembly assembly, string resourcePrefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrEmpty(resourcePrefix);
        var scripts = assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(resourcePrefix, StringComparison.Ordinal))
            .Select(resource => ReadResource(assembly, resource, resourcePrefix))
            .ToArray();
        if (scripts.Length == 0)
            throw new InvalidOperationException(
                $"Assembly {assembly.GetName().Name} has no embedded resource starting with '{resourcePrefix}' for migration source '{name}'.");
        return new MigrationSource(name, scripts);
    }

    private static MigrationScript ReadResource(Assembly assembly, string resource, string resourcePrefix)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' cannot be read.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return MigrationScript.Parse(resource[resourcePrefix.Length..], buffer.ToArray(), $"{assembly.GetName().Name}:{resource}");
    }
}
