namespace Kyc.Audit.Tests.Support;

/// <summary>Paths in the repository the tests run from (the folder holding OnboardingKyc.sln).</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string MigrationsDirectory => Path.Combine(Root, "services", "audit", "migrations");

    public static string GrantsScript => Path.Combine(Root, "services", "audit", "sql", "least-privilege-grants.sql");

    public static string OpenApiFile => Path.Combine(Root, "services", "audit", "openapi.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OnboardingKyc.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains OnboardingKyc.sln.");
    }
}
