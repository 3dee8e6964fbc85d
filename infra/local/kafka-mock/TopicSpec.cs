using System.Globalization;

namespace Kyc.LocalKafka;

/// <summary>A topic to create and its partition count, as listed in <c>config/kafka-topics.tsv</c>.</summary>
public readonly record struct TopicSpec(string Name, int Partitions)
{
    /// <summary>Reads the tab-separated manifest: <c>topic	partitions	what</c> per line; <c>#</c> starts a comment.</summary>
    public static IReadOnlyList<TopicSpec> ReadManifest(string path)
    {
        var topics = new List<TopicSpec>();
        foreach (var (line, number) in File.ReadLines(path).Select((l, i) => (l, i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split('\t');
            if (fields.Length < 2 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var partitions) || partitions < 1)
                throw new FormatException($"{path}:{number}: expected 'topic<TAB>partitions<TAB>what'");
            topics.Add(new TopicSpec(fields[0], partitions));
        }
        return topics;
    }
}
