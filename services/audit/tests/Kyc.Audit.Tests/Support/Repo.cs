using Kyc.Testing;

namespace Kyc.Audit.Tests.Support;

/// <summary>Paths in the repository the tests run from (the folder holding OnboardingKyc.sln).</summary>
public static class Repo
{
    public static string Root => Repository.Root;

    public static string MigrationsDirectory => Path.Combine(Root, "services", "audit", "migrations");

    public static string GrantsScript => Path.Combine(Root, "services", "audit", "sql", "least-privilege-grants.sql");
}
