namespace Kyc.Contracts;

/// <summary>
/// One published event type and version: how it is named on the wire (CloudEvents <c>type</c>, Kafka topic,
/// <c>dataschema</c>), where its JSON Schema is, and the C# record of its <c>data</c>.
/// </summary>
public sealed record EventContract
{
    /// <summary>Base of every <see cref="DataSchema"/> URI; the path below it is <see cref="SchemaPath"/>.</summary>
    public const string SchemaBaseUri = "https://schemas.onboarding-kyc.dev/";

    /// <summary>Creates a contract; names are checked so that a typo cannot publish a malformed type.</summary>
    /// <param name="producer">The producing service, lowercase (e.g. <c>onboarding</c>).</param>
    /// <param name="type">The event type, lowercase dotted (e.g. <c>case.created</c>).</param>
    /// <param name="version">The schema version, from 1.</param>
    /// <param name="dataType">The C# record of the payload.</param>
    public EventContract(string producer, string type, int version, Type dataType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(producer);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentNullException.ThrowIfNull(dataType);
        if (!EventNames.IsProducer(producer))
        {
            throw new ArgumentException($"Producer '{producer}' must be lowercase letters and hyphens.", nameof(producer));
        }

        if (!EventNames.IsEventType(type))
        {
            throw new ArgumentException($"Event type '{type}' must be lowercase dotted words (e.g. case.created).", nameof(type));
        }

        Producer = producer;
        Type = type;
        Version = version;
        DataType = dataType;
        CloudEventType = $"kyc.{producer}.{type}.v{version}";
        Topic = EventNames.TopicFor(producer);
        Source = EventNames.SourceFor(producer);
        SchemaPath = $"{producer}/{type}.v{version}.json";
        DataSchema = new Uri(SchemaBaseUri + SchemaPath, UriKind.Absolute);
    }

    /// <summary>The producing service, e.g. <c>onboarding</c>.</summary>
    public string Producer { get; }

    /// <summary>The event type without producer and version, e.g. <c>case.created</c>.</summary>
    public string Type { get; }

    /// <summary>The schema version, e.g. 1.</summary>
    public int Version { get; }

    /// <summary>The C# record of the <c>data</c> payload, e.g. <c>CaseCreatedV1</c>.</summary>
    public Type DataType { get; }

    /// <summary>The CloudEvents <c>type</c> (<c>ce_type</c> header), e.g. <c>kyc.onboarding.case.created.v1</c>.</summary>
    public string CloudEventType { get; }

    /// <summary>The Kafka topic of the producing service, e.g. <c>kyc.onboarding.events</c>.</summary>
    public string Topic { get; }

    /// <summary>The CloudEvents <c>source</c> (<c>ce_source</c> header) of the producing service, e.g. <c>/onboarding</c>.</summary>
    public string Source { get; }

    /// <summary>The schema file below <c>schemas/</c>, e.g. <c>onboarding/case.created.v1.json</c>.</summary>
    public string SchemaPath { get; }

    /// <summary>The CloudEvents <c>dataschema</c> (and the schema's <c>$id</c>).</summary>
    public Uri DataSchema { get; }

    /// <summary>The JSON Schema (draft-07) text of this version.</summary>
    public string SchemaJson => EventSchemas.Read(SchemaPath);

    /// <inheritdoc />
    public override string ToString() => CloudEventType;
}
