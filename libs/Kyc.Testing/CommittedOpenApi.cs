namespace Kyc.Testing;

/// <summary>
/// A service's <c>services/&lt;service&gt;/openapi.yaml</c> is generated from the running code and committed: partners
/// integrate against it, so it must be exactly what the service serves. After a deliberate API change, regenerate it with
/// <c>./dev test --update-openapi --filter OpenApi</c> (which sets <see cref="UpdateVariable"/> for that run only; the
/// test command refuses it from the environment) and review the diff (a breaking change needs a new major version).
/// </summary>
public static class CommittedOpenApi
{
    public const string UpdateVariable = "KYC_UPDATE_OPENAPI";

    /// <summary>
    /// Compares the committed document of <paramref name="service"/> with <paramref name="served"/> (first writing it when
    /// <see cref="UpdateVariable"/> is 1); null when they are the same, else what differs and how to regenerate.
    /// </summary>
    public static async Task<string?> DifferenceAsync(string service, string served)
    {
        var relative = $"services/{service}/openapi.yaml";
        var path = Path.Combine(Repository.Root, "services", service, "openapi.yaml");
        served = served.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1") await File.WriteAllTextAsync(path, served);

        var regenerate = "If the API change is intended, regenerate it: ./dev test --update-openapi --filter OpenApi, and review the diff.";
        if (!File.Exists(path)) return $"{relative} is missing. {regenerate}";
        var committed = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
        return committed == served
            ? null
            : $"{relative} differs from the document the service serves. {regenerate}\n{FirstDifference(committed, served)}";
    }

    private static string FirstDifference(string committed, string served)
    {
        var a = committed.Split('\n');
        var b = served.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < b.Length ? b[i] : "<end of file>";
            if (left != right) return $"First difference at line {i + 1}:\n  committed: {left}\n  served:    {right}";
        }
        return "";
    }
}
