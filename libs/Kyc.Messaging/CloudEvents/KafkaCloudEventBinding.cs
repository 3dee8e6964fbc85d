using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Kyc.Messaging.CloudEvents;

/// <summary>
/// The CloudEvents Kafka protocol binding in binary mode: attributes as <c>ce_*</c> headers, data as the value,
/// <c>content-type</c> for the data's media type, the subject (aggregate id) as the key so one aggregate's events stay
/// in one partition, in order. Extensions: <c>ce_partnerid</c>, <c>ce_correlationid</c>, <c>ce_traceparent</c>,
/// <c>ce_tracestate</c> (distributed tracing extension: the trace context in which the event was created), and plain
/// <c>traceparent</c>/<c>tracestate</c> headers for W3C propagation over Kafka (the producer replaces these with its
/// own span, so a consumer's span is a child of the send).
/// </summary>
public static partial class KafkaCloudEventBinding
{
    public const string IdHeader = "ce_id";
    public const string SpecVersionHeader = "ce_specversion";
    public const string SourceHeader = "ce_source";
    public const string TypeHeader = "ce_type";
    public const string TimeHeader = "ce_time";
    public const string SubjectHeader = "ce_subject";
    public const string DataSchemaHeader = "ce_dataschema";
    public const string PartnerIdHeader = "ce_partnerid";
    public const string CorrelationIdHeader = "ce_correlationid";
    public const string TraceParentHeader = "ce_traceparent";
    public const string TraceStateHeader = "ce_tracestate";
    public const string W3CTraceParentHeader = "traceparent";
    public const string W3CTraceStateHeader = "tracestate";
    public const string ContentTypeHeader = "content-type";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The Kafka message of <paramref name="e"/>; throws <see cref="ArgumentException"/> when a required attribute is empty.</summary>
    public static Message<string, byte[]> ToMessage(CloudEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentException.ThrowIfNullOrWhiteSpace(e.Id, nameof(e) + ".Id");
        ArgumentException.ThrowIfNullOrWhiteSpace(e.Source, nameof(e) + ".Source");
        ArgumentException.ThrowIfNullOrWhiteSpace(e.Type, nameof(e) + ".Type");
        ArgumentException.ThrowIfNullOrWhiteSpace(e.PartnerId, nameof(e) + ".PartnerId");
        var headers = new Headers
        {
            { SpecVersionHeader, Utf8(CloudEvent.SpecVersion) },
            { IdHeader, Utf8(e.Id) },
            { SourceHeader, Utf8(e.Source) },
            { TypeHeader, Utf8(e.Type) },
            { TimeHeader, Utf8(FormatTime(e.Time)) },
            { ContentTypeHeader, Utf8(CloudEvent.JsonContentType) },
            { PartnerIdHeader, Utf8(e.PartnerId) },
        };
        AddIfPresent(headers, SubjectHeader, e.Subject);
        AddIfPresent(headers, DataSchemaHeader, e.DataSchema);
        AddIfPresent(headers, CorrelationIdHeader, e.CorrelationId);
        AddIfPresent(headers, TraceParentHeader, e.TraceParent);
        AddIfPresent(headers, TraceStateHeader, e.TraceState);
        AddIfPresent(headers, W3CTraceParentHeader, e.TraceParent);
        AddIfPresent(headers, W3CTraceStateHeader, e.TraceState);
        return new Message<string, byte[]> { Key = e.Subject ?? e.Id, Value = e.Data.ToArray(), Headers = headers };
    }

    /// <summary>The CloudEvent in <paramref name="message"/>; <see cref="CloudEventFormatException"/> when it is not a valid one.</summary>
    public static CloudEvent FromMessage(Message<string, byte[]> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return FromHeaders(message.Headers, message.Value);
    }

    /// <summary>
    /// The CloudEvent in a message's headers and value (the key plays no part), for consumers that read keys as raw
    /// bytes. Strict: every header must be UTF-8, <c>ce_time</c> RFC 3339 with an offset, the data well-formed JSON.
    /// </summary>
    public static CloudEvent FromHeaders(Headers? headers, byte[]? value)
    {
        if (headers is null) throw new CloudEventFormatException("the message has no headers");
        var spec = Required(headers, SpecVersionHeader);
        if (spec != CloudEvent.SpecVersion) throw new CloudEventFormatException($"{SpecVersionHeader} is '{spec}', expected '{CloudEvent.SpecVersion}'");
        var contentType = Optional(headers, ContentTypeHeader);
        if (contentType is not null && !IsJson(contentType))
            throw new CloudEventFormatException($"{ContentTypeHeader} is '{contentType}', expected JSON data");
        var time = ParseTime(Required(headers, TimeHeader));
        var data = value ?? [];
        if (data.Length > 0 && !IsWellFormedJson(data)) throw new CloudEventFormatException("the data is not well-formed JSON");
        return new CloudEvent(
            Required(headers, IdHeader), Required(headers, SourceHeader), Required(headers, TypeHeader), time,
            Optional(headers, SubjectHeader), Optional(headers, DataSchemaHeader), Required(headers, PartnerIdHeader),
            data,
            Optional(headers, TraceParentHeader) ?? Optional(headers, W3CTraceParentHeader),
            Optional(headers, TraceStateHeader) ?? Optional(headers, W3CTraceStateHeader),
            Optional(headers, CorrelationIdHeader));
    }

    /// <summary>The last value of header <paramref name="name"/> as UTF-8 text; null when absent or not UTF-8.</summary>
    public static string? TryGetHeader(Headers? headers, string name)
    {
        if (headers is null || !headers.TryGetLastBytes(name, out var bytes) || bytes is null) return null;
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    internal static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text)
    {
        var match = Rfc3339().Match(text);
        if (!match.Success) throw new CloudEventFormatException($"{TimeHeader} is not an RFC 3339 timestamp");
        // DateTimeOffset keeps 7 fractional digits; RFC 3339 allows any number.
        var fraction = match.Groups["fraction"].Value;
        var normalized = match.Groups["datetime"].Value.ToUpperInvariant() + (fraction.Length > 0 ? "." + fraction[..Math.Min(7, fraction.Length)] : "") +
                         match.Groups["offset"].Value.ToUpperInvariant();
        if (!DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
            throw new CloudEventFormatException($"{TimeHeader} is not an RFC 3339 timestamp");
        return parsed;
    }

    [GeneratedRegex(@"^(?<datetime>\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,9}))?(?<offset>[Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals(CloudEvent.JsonContentType, StringComparison.OrdinalIgnoreCase) ||
               mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsWellFormedJson(byte[] data)
    {
        try
        {
            var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read()) { }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);

    private static void AddIfPresent(Headers headers, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) headers.Add(name, Utf8(value));
    }

    private static string Required(Headers headers, string name) =>
        Optional(headers, name) is { Length: > 0 } value ? value : throw new CloudEventFormatException($"the required header {name} is missing");

    private static string? Optional(Headers headers, string name)
    {
        if (!headers.TryGetLastBytes(name, out var bytes) || bytes is null) return null;
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CloudEventFormatException($"the header {name} is not valid UTF-8");
        }
    }
}
