using Xunit;

namespace Kyc.Onboarding.Tests.Contract;

/// <summary>The inner layers stay free of infrastructure: what project references enforce at compile time, checked on the assemblies.</summary>
public sealed class LayeringTests
{
    private static readonly string[] Infrastructure = ["Npgsql", "Confluent.Kafka", "Microsoft.AspNetCore", "AWSSDK", "YamlDotNet", "Kyc.Persistence", "Kyc.Web", "Kyc.Messaging", "Kyc.Commands"];

    [Fact]
    public void The_domain_references_nothing_but_the_runtime_and_the_shared_kernel()
    {
        var references = typeof(Kyc.Onboarding.Domain.Cases.OnboardingCase).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "Kyc.SharedKernel",
            $"Kyc.Onboarding.Domain references {name}"));
    }

    [Fact]
    public void The_application_layer_references_no_infrastructure()
    {
        var references = typeof(Kyc.Onboarding.Application.Ports.ICaseSession).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => Infrastructure.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Contains("Kyc.Onboarding.Domain", references);
    }

    [Fact]
    public void The_infrastructure_layer_does_not_know_the_web_host()
    {
        var references = typeof(Kyc.Onboarding.Infrastructure.OnboardingInfrastructure).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.DoesNotContain(references, name => name is "Kyc.Onboarding.Api" or "Kyc.Web" or "Kyc.Commands");
    }
}
