using System.Reflection;
using Kyc.Audit.Application.Ingestion;
using Kyc.Audit.Domain.Log;
using Xunit;

namespace Kyc.Audit.Tests.Domain;

/// <summary>Inner layers never reference outer ones, nor infrastructure packages (DESIGN.md, shape of a service).</summary>
public sealed class LayeringTests
{
    private static string[] References(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n != "netstandard" && !n.StartsWith("System", StringComparison.Ordinal) && !n.StartsWith("Microsoft.Win32", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_domain_references_nothing_but_the_base_library_and_the_shared_kernel() =>
        Assert.Equal(["Kyc.SharedKernel"], References(typeof(AuditEntry).Assembly));

    [Fact]
    public void The_application_references_only_the_domain_the_shared_kernel_the_contracts_and_its_validation_library() =>
        Assert.Equal(["FluentValidation", "Kyc.Audit.Domain", "Kyc.Contracts", "Kyc.SharedKernel"], References(typeof(EventIngestion).Assembly));
}
