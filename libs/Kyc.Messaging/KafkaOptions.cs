using System.Globalization;
using Confluent.Kafka;

namespace Kyc.Messaging;

/// <summary>
/// Connection and producer settings shared by every Kafka client of a service (configuration section <c>Kafka</c>).
/// </summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary><c>Kafka:BootstrapServers</c>: <c>host:port[,host:port...]</c>. Required.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary><c>Kafka:ClientId</c>: shows up in broker logs and quotas; use the service name.</summary>
    public string ClientId { get; set; } = "kyc";

    /// <summary>
    /// <c>Kafka:Timeout</c>: the platform's Kafka timeout (30 s): how long a produced message may wait for the broker's
    /// acknowledgement before its delivery fails (<c>message.timeout.ms</c>), and the request and socket timeouts.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Kafka:Linger</c>: how long the producer waits to fill a batch (<c>linger.ms</c>).</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary><c>Kafka:BatchMaxMessages</c>: messages per batch and partition (<c>batch.num.messages</c>).</summary>
    public int BatchMaxMessages { get; set; } = 10_000;

    /// <summary><c>Kafka:BatchMaxBytes</c>: bytes per batch and partition (<c>batch.size</c>).</summary>
    public int BatchMaxBytes { get; set; } = 1_000_000;

    /// <summary>
    /// <c>Kafka:Properties</c>: further librdkafka properties (e.g. <c>security.protocol</c>, <c>sasl.mechanism</c>),
    /// applied last to every client; secrets come from the environment, never from files in git.
    /// </summary>
    public IDictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// librdkafka settings a <see cref="Producing.ProducerOrdering.Strict"/> producer's guarantees rest on (idempotence,
    /// no gaps, no librdkafka-side expiry, the partitioner every producer of the platform uses): refused in
    /// <see cref="Properties"/> for such a producer.
    /// </summary>
    public static IReadOnlySet<string> StrictOrderingSettings { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "bootstrap.servers", "enable.idempotence", "acks", "request.required.acks", "max.in.flight.requests.per.connection", "max.in.flight",
        "enable.gapless.guarantee", "message.timeout.ms", "delivery.timeout.ms", "partitioner", "transactional.id",
    };

    /// <summary>A copy for another client of the same service (e.g. one producer per relay source).</summary>
    public KafkaOptions WithClientId(string clientId)
    {
        var copy = (KafkaOptions)MemberwiseClone();
        copy.ClientId = clientId;
        return copy;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first setting that is wrong, or that strict ordering forbids.</summary>
    public void Validate(bool strictOrdering)
    {
        Validate();
        if (!strictOrdering) return;
        var forced = Properties.Keys.FirstOrDefault(StrictOrderingSettings.Contains);
        if (forced is not null)
            throw new InvalidOperationException(
                $"{SectionName}:Properties:{forced} cannot be set: the strict-ordering producer's ordering and delivery guarantees depend on its own value.");
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
            throw new InvalidOperationException($"{SectionName}:BootstrapServers is not set: Kafka clients need the broker addresses.");
        if (Timeout <= TimeSpan.Zero) throw new InvalidOperationException($"{SectionName}:Timeout must be positive.");
        if (Linger < TimeSpan.Zero) throw new InvalidOperationException($"{SectionName}:Linger must not be negative.");
    }

    /// <summary>
    /// The idempotent producer: acks from all in-sync replicas, no duplicates and per-partition order on retries, Java's
    /// murmur2 partitioner (a key lands on the same partition whichever platform producer or Java client sends it).
    /// Strict ordering adds the gapless guarantee and turns librdkafka's message expiry off (expiring messages can leave
    /// a gap); its caller bounds each wait itself and replaces the producer when a wait ends without every report.
    /// </summary>
    internal ProducerConfig ToProducerConfig(bool strictOrdering)
    {
        Validate(strictOrdering);
        var timeoutMs = Milliseconds(Timeout);
        var config = new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            ClientId = ClientId,
            EnableIdempotence = true,
            Acks = Acks.All,
            MaxInFlight = 5,
            LingerMs = Linger.TotalMilliseconds,
            BatchNumMessages = BatchMaxMessages,
            BatchSize = BatchMaxBytes,
            MessageTimeoutMs = timeoutMs,
            RequestTimeoutMs = timeoutMs,
            SocketTimeoutMs = timeoutMs,
            SocketConnectionSetupTimeoutMs = timeoutMs,
            Partitioner = Partitioner.Murmur2Random,
        };
        if (strictOrdering)
        {
            config.EnableGaplessGuarantee = true;
            config.MessageTimeoutMs = int.MaxValue;
            config.LingerMs = 0; // the caller hands over whole batches: waiting for more only delays their acknowledgement
        }
        Apply(config);
        return config;
    }

    /// <summary>An admin client (metadata requests of health checks).</summary>
    internal AdminClientConfig ToAdminConfig(string clientId)
    {
        Validate();
        var config = new AdminClientConfig
        {
            BootstrapServers = BootstrapServers,
            ClientId = clientId,
            SocketTimeoutMs = Milliseconds(Timeout),
            SocketConnectionSetupTimeoutMs = Milliseconds(Timeout),
        };
        Apply(config);
        return config;
    }

    internal ConsumerConfig ToConsumerConfig(string groupId)
    {
        Validate();
        var config = new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            ClientId = ClientId,
            GroupId = groupId,
            SocketTimeoutMs = Milliseconds(Timeout),
            SocketConnectionSetupTimeoutMs = Milliseconds(Timeout),
        };
        Apply(config);
        return config;
    }

    /// <summary>
    /// Settings of every client, then <see cref="Properties"/>. When none of the brokers a client knows answers (a cluster
    /// replaced behind the same bootstrap address), it starts over from <see cref="BootstrapServers"/> after 30 s
    /// instead of librdkafka's 5 min.
    /// </summary>
    private void Apply(ClientConfig config)
    {
        config.MetadataRecoveryStrategy = MetadataRecoveryStrategy.Rebootstrap;
        config.MetadataRecoveryRebootstrapTriggerMs = 30_000;
        foreach (var (key, value) in Properties) config.Set(key, value);
    }

    internal static int Milliseconds(TimeSpan value) =>
        (int)Math.Clamp(value.TotalMilliseconds, 1, int.MaxValue);

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
