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

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
            throw new InvalidOperationException($"{SectionName}:BootstrapServers is not set: Kafka clients need the broker addresses.");
        if (Timeout <= TimeSpan.Zero) throw new InvalidOperationException($"{SectionName}:Timeout must be positive.");
        if (Linger < TimeSpan.Zero) throw new InvalidOperationException($"{SectionName}:Linger must not be negative.");
    }

    /// <summary>The idempotent producer: acks from all in-sync replicas, no duplicates and per-partition order on retries.</summary>
    internal ProducerConfig ToProducerConfig()
    {
        Validate();
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
