using Kyc.Testing;

namespace Kyc.Onboarding.Tests.Support;

/// <summary>Paths in the repository the tests run from (the folder holding OnboardingKyc.sln).</summary>
public static class Repo
{
    public static string Root => Repository.Root;

    public static string MigrationsDirectory => Path.Combine(Root, "services", "onboarding", "migrations");

    public static string ResidencyFile => Path.Combine(Root, "config", "data-residency.yaml");
}
