using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Kyc.Testing;

/// <summary>
/// What a service's OpenAPI document promises per operation, to hold against what its endpoints answer: record
/// (operationId, status) pairs on a walk through the API, then <see cref="Mismatches"/> names every status answered but not
/// documented, and every documented success (2xx) of a walked operation that was never answered.
/// </summary>
public sealed class DocumentedStatuses
{
    private readonly Dictionary<string, HashSet<int>> _byOperation;
    private readonly List<(string Operation, int Status)> _answered = [];

    private DocumentedStatuses(Dictionary<string, HashSet<int>> byOperation) => _byOperation = byOperation;

    /// <summary>The response statuses of every operation of an OpenAPI document (YAML).</summary>
    public static DocumentedStatuses Of(string openApiYaml)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(openApiYaml));
        var paths = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["paths"];
        var byOperation = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var operation in paths.Children.Values.Cast<YamlMappingNode>().SelectMany(p => p.Children.Values.OfType<YamlMappingNode>()))
        {
            var responses = (YamlMappingNode)operation["responses"];
            byOperation[((YamlScalarNode)operation["operationId"]).Value!] =
                [.. responses.Children.Keys.Cast<YamlScalarNode>().Select(k => int.Parse(k.Value!, CultureInfo.InvariantCulture))];
        }
        return new DocumentedStatuses(byOperation);
    }

    /// <summary>Records what <paramref name="operation"/> answered and gives the response on.</summary>
    public async Task<HttpResponseMessage> RecordAsync(string operation, Task<HttpResponseMessage> call)
    {
        var response = await call;
        _answered.Add((operation, (int)response.StatusCode));
        return response;
    }

    public void Record(string operation, int status) => _answered.Add((operation, status));

    /// <summary>"answered but not documented: ..." and "documented successes never answered: ...", or none.</summary>
    public IReadOnlyList<string> Mismatches()
    {
        var mismatches = new List<string>();
        var undocumented = _answered.Distinct().Where(a => !_byOperation.TryGetValue(a.Operation, out var s) || !s.Contains(a.Status)).ToList();
        if (undocumented.Count > 0) mismatches.Add("answered but not documented: " + string.Join(", ", undocumented.Select(u => $"{u.Operation} {u.Status}")));
        var unanswered = _answered.Select(a => a.Operation).Distinct().Where(_byOperation.ContainsKey)
            .SelectMany(op => _byOperation[op].Where(s => s is >= 200 and < 300 && !_answered.Contains((op, s))).Select(s => $"{op} {s}")).ToList();
        if (unanswered.Count > 0) mismatches.Add("documented successes never answered: " + string.Join(", ", unanswered));
        return mismatches;
    }
}
