namespace Kyc.Testing;

/// <summary>The repository the tests run from.</summary>
public static class Repository
{
    /// <summary>The folder holding OnboardingKyc.sln, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OnboardingKyc.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains OnboardingKyc.sln.");
    }
}
