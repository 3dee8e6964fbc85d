using System.Reflection;
using Kyc.Contracts.Tests.Compatibility;

namespace Kyc.Contracts.Tests;

/// <summary>
/// The backward-compatibility gate. frozen/ holds a copy of every published schema version. A published version
/// may only change compatibly (see <see cref="SchemaCompatibility"/>); a new version is a new file that is
/// published by copying it into frozen/; a published version is never deleted.
/// </summary>
public sealed class FrozenSchemaTests
{
    private const string FrozenPrefix = "frozen/";
    private const string SchemasDir = "libs/Kyc.Contracts/schemas";
    private const string FrozenDir = "libs/Kyc.Contracts.Tests/frozen";

    public static TheoryData<string> FrozenPaths() => new(FrozenSchemas.Keys.Order(StringComparer.Ordinal));

    public static TheoryData<string> CurrentPaths() => new(EventSchemas.Paths.Order(StringComparer.Ordinal));

    private static IReadOnlyDictionary<string, string> FrozenSchemas { get; } = LoadFrozen();

    [Theory]
    [MemberData(nameof(FrozenPaths))]
    public void A_published_version_still_exists(string path)
    {
        Assert.True(EventSchemas.Paths.Contains(path),
            $"{Describe(path)} was published (it is in {FrozenDir}/{path}) but {SchemasDir}/{path} is gone. " +
            "A published version is never deleted: events of it sit in Kafka, outboxes and the audit log. Restore the file.");
    }

    [Theory]
    [MemberData(nameof(FrozenPaths))]
    public void A_published_version_changes_only_compatibly(string path)
    {
        if (!EventSchemas.Paths.Contains(path))
        {
            return; // A_published_version_still_exists reports it.
        }

        var changes = SchemaCompatibility.FindBreakingChanges(FrozenSchemas[path], EventSchemas.Read(path));

        Assert.True(changes.Count == 0,
            $"{Describe(path)} ({SchemasDir}/{path}) breaks backward compatibility with its published copy in {FrozenDir}/{path}:\n" +
            string.Join('\n', changes.Select(c => $"  - {c.Path}: {c.Reason}")) + "\n" +
            "A published version may only gain optional properties or relax constraints. Revert the change and publish it as " +
            "a new version instead: a new file <event-type>.v<N+1>.json with its own record and registry entry, keeping this one.");
    }

    [Theory]
    [MemberData(nameof(CurrentPaths))]
    public void Every_schema_version_is_frozen(string path)
    {
        Assert.True(FrozenSchemas.ContainsKey(path),
            $"{Describe(path)} has no frozen copy. Publishing a version is deliberate: when it is final, run\n" +
            $"  mkdir -p {FrozenDir}/{Path.GetDirectoryName(path)} && cp {SchemasDir}/{path} {FrozenDir}/{path}\n" +
            "and commit the copy with the schema. From then on only compatible changes to it pass.");
    }

    [Fact]
    public void The_frozen_copies_are_embedded()
    {
        Assert.NotEmpty(FrozenSchemas);
    }

    private static string Describe(string path) =>
        EventRegistry.All.FirstOrDefault(c => c.SchemaPath == path)?.CloudEventType ?? $"schema {path}";

    private static Dictionary<string, string> LoadFrozen()
    {
        var assembly = typeof(FrozenSchemaTests).Assembly;
        var frozen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(FrozenPrefix, StringComparison.Ordinal)))
        {
            frozen[name[FrozenPrefix.Length..].Replace('\\', '/')] = Read(assembly, name);
        }

        return frozen;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
