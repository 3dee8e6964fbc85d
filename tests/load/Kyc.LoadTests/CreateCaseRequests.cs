using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kyc.LoadTests;

/// <summary>
/// Bodies for <c>POST /v1/onboarding/cases</c>: the template's bytes with a unique <c>external_reference</c> spliced in,
/// so building one costs a copy, not a serialisation. The same unique string is the request's Idempotency-Key.
/// </summary>
public sealed class CreateCaseRequests
{
    private const string Placeholder = "@@KYC_LOAD_REFERENCE@@";
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly byte[] _prefix;
    private readonly byte[] _suffix;

    public CreateCaseRequests(byte[] templateJson)
    {
        var node = JsonNode.Parse(templateJson) as JsonObject ?? throw new FormatException("the request body must be a JSON object");
        node["external_reference"] = Placeholder;
        var bytes = Encoding.UTF8.GetBytes(node.ToJsonString(Compact));
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Placeholder));
        _prefix = bytes[..at];
        _suffix = bytes[(at + Placeholder.Length)..];
        RunId = Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>Random per run, so two runs (or two generators) never share a key.</summary>
    public string RunId { get; }

    public int TemplateLength => _prefix.Length + _suffix.Length;

    /// <summary>The unique reference of request <paramref name="sequence"/>: letters, digits and hyphens, as external_reference allows.</summary>
    public string Reference(long sequence) => $"load-{RunId}-{sequence}";

    public byte[] Body(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var body = new byte[_prefix.Length + reference.Length + _suffix.Length];
        _prefix.CopyTo(body, 0);
        Encoding.ASCII.GetBytes(reference, body.AsSpan(_prefix.Length));
        _suffix.CopyTo(body, _prefix.Length + reference.Length);
        return body;
    }

    public static byte[] DefaultBody()
    {
        using var stream = typeof(CreateCaseRequests).Assembly.GetManifestResourceStream("Kyc.LoadTests.case.json")
            ?? throw new InvalidOperationException("the default body is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
