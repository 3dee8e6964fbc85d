namespace Kyc.Contracts.Tests;

/// <summary>config/kafka-topics.tsv is what the local broker and production create: every contract's topic must be in it.</summary>
public sealed class TopicManifestTests
{
    [Fact]
    public void Every_registered_events_topic_is_in_the_topic_manifest_with_its_partitions()
    {
        var manifest = File.ReadLines(Path.Combine(RepositoryRoot(), "config", "kafka-topics.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .ToDictionary(f => f[0], f => int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture));

        Assert.All(EventRegistry.All.Select(c => c.Topic).Distinct(), topic =>
        {
            Assert.True(manifest.TryGetValue(topic, out var partitions), $"{topic} is missing from config/kafka-topics.tsv");
            Assert.True(partitions > 0);
        });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OnboardingKyc.sln"))) return dir.FullName;
        throw new InvalidOperationException($"OnboardingKyc.sln not found above {AppContext.BaseDirectory}");
    }
}
