// Validation cost per event on the project's schemas (docs/benchmarks/schema-validation.md):
//   dotnet build -c Release libs/Kyc.Contracts.Bench -p:NJsonSchemaVersion=11.6.2
//   dotnet libs/Kyc.Contracts.Bench/bin/Release/net10.0/Kyc.Contracts.Bench.dll [rounds] [events per round]
// Both libraries validate the same payloads against libs/Kyc.Contracts/schemas: one valid event of each registered type
// (samples.tsv, serialised from the contracts' records), and invalid variants (a wrong type, a missing and an extra
// field, a bad pattern, an enum and a null). Each path is what a service runs per event:
//   NJsonSchema: the core of Kyc.Contracts' EventSchemaValidator (strict System.Text.Json parse, Newtonsoft JToken read,
//   validate);
//   JsonSchema.Net: the complete port of it in JsonSchemaNetValidator.cs (strict parse, evaluate, map errors).
// Rounds alternate between the two; the median round's microseconds per event are printed for each.
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kyc.Contracts.Bench;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;

var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
var perRound = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;

var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "OnboardingKyc.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from the repository");
var schemaTexts = Directory.GetFiles(Path.Combine(root, "libs", "Kyc.Contracts", "schemas"), "*.json", SearchOption.AllDirectories)
    .Select(File.ReadAllText).ToDictionary(t => JsonNode.Parse(t)!["title"]!.GetValue<string>());
var valid = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "samples.tsv"))
    .Select(l => l.Split('\t')).Select(p => (Type: p[0], Data: Encoding.UTF8.GetBytes(p[1]))).ToArray();
var created = JsonNode.Parse(valid[0].Data)!.AsObject();
(string, byte[]) Broken(Action<JsonObject> change)
{
    var copy = created.DeepClone().AsObject();
    change(copy);
    return (valid[0].Type, Encoding.UTF8.GetBytes(copy.ToJsonString()));
}
var invalid = new[]
{
    Broken(o => o["version"] = "one"),
    Broken(o => o.Remove("partner_id")),
    Broken(o => o["first_name"] = "Jane"),
    Broken(o => o["case_id"] = "EU-1"),
    Broken(o => { o["status"] = "closed"; o["jurisdiction"] = null; }),
};

var njsonSchemas = schemaTexts.ToDictionary(s => s.Key, s => NJsonSchema.JsonSchema.FromJsonAsync(s.Value).GetAwaiter().GetResult());
var njsonValidator = new JsonSchemaValidator();
var strict = new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 64 };
int NJsonSchemaErrors(string type, byte[] data)
{
    using (JsonDocument.Parse(data, strict)) { }
    using var reader = new JsonTextReader(new StreamReader(new MemoryStream(data))) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
    return njsonValidator.Validate(JToken.ReadFrom(reader), njsonSchemas[type]).Count;
}
var candidate = new JsonSchemaNetValidator(schemaTexts);
int JsonSchemaNetErrors(string type, byte[] data) => candidate.Validate(type, data).Count;

// Both must agree on which payloads are valid before their speed means anything.
foreach (var (type, data) in valid)
    if (NJsonSchemaErrors(type, data) != 0 || JsonSchemaNetErrors(type, data) != 0) throw new InvalidOperationException($"{type}: a valid sample was refused");
foreach (var (type, data) in invalid)
    if (NJsonSchemaErrors(type, data) == 0 || JsonSchemaNetErrors(type, data) == 0) throw new InvalidOperationException($"{type}: an invalid sample passed");

string VersionOf(Type type) => type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
var paths = new (string Name, Func<string, byte[], int> Validate)[]
{
    ($"NJsonSchema {VersionOf(typeof(NJsonSchema.JsonSchema))}", NJsonSchemaErrors),
    ($"JsonSchema.Net {VersionOf(typeof(Json.Schema.JsonSchema))}", JsonSchemaNetErrors),
};
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; {rounds} rounds x {perRound} events per path and payload set");
foreach (var (name, set) in new[] { ("valid (10 types)", valid), ("invalid (5 kinds)", invalid) })
{
    var times = paths.ToDictionary(p => p.Name, _ => new List<double>());
    for (var round = -1; round < rounds; round++) // round -1 warms up
    {
        foreach (var (path, validate) in paths)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < perRound; i++)
            {
                var (type, data) = set[i % set.Length];
                validate(type, data);
            }
            if (round >= 0) times[path].Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds / perRound);
        }
    }
    foreach (var (path, samples) in times)
    {
        var sorted = samples.Order().ToList();
        Console.WriteLine(FormattableString.Invariant($"{name,-18} {path,-22} median {sorted[sorted.Count / 2],7:0.0} us/event (min {sorted[0]:0.0}, max {sorted[^1]:0.0})"));
    }
}
