namespace Kyc.Contracts.Tests;

public sealed class DependencyTests
{
    [Fact]
    public void The_contracts_library_depends_on_nothing_but_the_runtime_and_its_schema_validator()
    {
        // Application layers reference Kyc.Contracts: no database, broker, web or logging package may come with it.
        string[] allowed = ["NJsonSchema", "NJsonSchema.Annotations", "Newtonsoft.Json"];

        var references = typeof(EventRegistry).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, name => Assert.True(
            name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" || allowed.Contains(name),
            $"Kyc.Contracts must not reference {name}"));
    }
}
