using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Kyc.OutboxRelay.Configuration;

/// <summary>
/// Everything the relay is told, from the <c>Relay</c> configuration section (environment: <c>Relay__Sources__eu__ConnectionString</c>).
/// See README.md for the table of keys and defaults.
/// </summary>
public sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary><c>Relay:Sources:&lt;name&gt;</c>: one relay loop (and one leader election) per source.</summary>
    public List<RelaySourceOptions> Sources { get; } = [];

    public KafkaOptions Kafka { get; } = new();

    /// <summary><c>Relay:BatchSize</c>: at most this many rows read, published and marked together (a backlog drains in batches this big; under steady load a batch holds what committed since the last one).</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary><c>Relay:SweepInterval</c>: the safety net when no notification arrives (a lost NOTIFY, a broken listener).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Relay:PublishTimeout</c>: how long a batch waits for the broker's acknowledgements before its unacknowledged rows count as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>Relay:InitialBackoff</c> and <c>Relay:MaxBackoff</c>: the wait after a failed batch or database error, doubling up to the cap.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Relay:LeaderRetryInterval</c>: a standby waits on the advisory lock this long per attempt, then checks its connection and waits again.</summary>
    public TimeSpan LeaderRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Relay:LeaderCheckInterval</c>: how often the leader checks that its lock connection is alive (publishing stops when it is not).</summary>
    public TimeSpan LeaderCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>Relay:Retention</c>: published rows older than this are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary><c>Relay:PruneInterval</c>: how often the leader deletes published rows past the retention.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary><c>Relay:PruneBatchSize</c>: rows deleted per statement (short transactions, no long locks).</summary>
    public int PruneBatchSize { get; set; } = 1000;

    /// <summary><c>Relay:BacklogInterval</c>: how often the backlog gauges are refreshed (one count query per source).</summary>
    public TimeSpan BacklogInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Relay:HealthTimeout</c>: bound of the readiness checks (database <c>SELECT 1</c>, broker metadata).</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public static RelayOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var options = new RelayOptions();

        foreach (var source in section.GetSection("Sources").GetChildren())
        {
            options.Sources.Add(new RelaySourceOptions
            {
                Name = source.Key,
                ConnectionString = source["ConnectionString"] ?? "",
                Table = source["Table"] is { Length: > 0 } table ? table : RelaySourceOptions.DefaultTable,
            });
        }

        var kafka = section.GetSection("Kafka");
        options.Kafka.BootstrapServers = kafka["BootstrapServers"] ?? "";
        foreach (var setting in kafka.GetSection("Settings").GetChildren())
        {
            if (setting.Value is not null) options.Kafka.Settings[setting.Key] = setting.Value;
        }

        options.BatchSize = Int(section, "BatchSize") ?? options.BatchSize;
        options.SweepInterval = Time(section, "SweepInterval") ?? options.SweepInterval;
        options.PublishTimeout = Time(section, "PublishTimeout") ?? options.PublishTimeout;
        options.InitialBackoff = Time(section, "InitialBackoff") ?? options.InitialBackoff;
        options.MaxBackoff = Time(section, "MaxBackoff") ?? options.MaxBackoff;
        options.LeaderRetryInterval = Time(section, "LeaderRetryInterval") ?? options.LeaderRetryInterval;
        options.LeaderCheckInterval = Time(section, "LeaderCheckInterval") ?? options.LeaderCheckInterval;
        options.Retention = Time(section, "Retention") ?? options.Retention;
        options.PruneInterval = Time(section, "PruneInterval") ?? options.PruneInterval;
        options.PruneBatchSize = Int(section, "PruneBatchSize") ?? options.PruneBatchSize;
        options.BacklogInterval = Time(section, "BacklogInterval") ?? options.BacklogInterval;
        options.HealthTimeout = Time(section, "HealthTimeout") ?? options.HealthTimeout;
        options.Validate();
        return options;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first wrong setting.</summary>
    public void Validate()
    {
        if (Sources.Count == 0)
            throw new InvalidOperationException("No outbox source is configured: set Relay:Sources:<name>:ConnectionString (e.g. Relay__Sources__onboarding_eu__ConnectionString).");
        foreach (var source in Sources) source.Validate();
        var duplicate = Sources.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Relay:Sources:{duplicate.Key} is configured twice.");
        if (string.IsNullOrWhiteSpace(Kafka.BootstrapServers))
            throw new InvalidOperationException("Relay:Kafka:BootstrapServers is not configured.");
        var forced = Kafka.Settings.Keys.FirstOrDefault(k => KafkaOptions.ReservedSettings.Contains(k));
        if (forced is not null)
            throw new InvalidOperationException($"Relay:Kafka:Settings:{forced} cannot be set: the relay's ordering and delivery guarantees depend on its own value (see README.md).");
        Positive(BatchSize, "BatchSize");
        Positive(PruneBatchSize, "PruneBatchSize");
        Positive(SweepInterval, "SweepInterval");
        Positive(PublishTimeout, "PublishTimeout");
        Positive(InitialBackoff, "InitialBackoff");
        Positive(LeaderRetryInterval, "LeaderRetryInterval");
        Positive(LeaderCheckInterval, "LeaderCheckInterval");
        Positive(Retention, "Retention");
        Positive(PruneInterval, "PruneInterval");
        Positive(BacklogInterval, "BacklogInterval");
        Positive(HealthTimeout, "HealthTimeout");
        if (MaxBackoff < InitialBackoff) throw new InvalidOperationException("Relay:MaxBackoff must not be less than Relay:InitialBackoff.");
    }

    private static void Positive(int value, string key)
    {
        if (value <= 0) throw new InvalidOperationException($"Relay:{key} must be positive.");
    }

    private static void Positive(TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero) throw new InvalidOperationException($"Relay:{key} must be a positive time span (e.g. 00:00:05).");
    }

    private static int? Int(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } value ? int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    private static TimeSpan? Time(IConfiguration section, string key)
    {
        if (section[key] is not { Length: > 0 } value) return null;
        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"Relay:{key} is '{value}', not a time span like 00:00:05 or 7.00:00:00.");
    }
}

/// <summary>One outbox: a database and the table in it.</summary>
public sealed class RelaySourceOptions
{
    public const string DefaultTable = "outbox";

    /// <summary>The key under <c>Relay:Sources</c>; the <c>source</c> label of the metrics.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>Relay:Sources:&lt;name&gt;:ConnectionString</c> (Npgsql format, including the database).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary><c>Relay:Sources:&lt;name&gt;:Table</c>: <c>outbox</c> unless the service named it otherwise (may be <c>schema.table</c>).</summary>
    public string Table { get; set; } = DefaultTable;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new InvalidOperationException("An outbox source has no name.");
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException($"Relay:Sources:{Name}:ConnectionString is not configured.");
        _ = Outbox.OutboxTableName.Parse(Table);
    }
}

/// <summary>The producer's connection: <c>Relay:Kafka:BootstrapServers</c> and any librdkafka setting under <c>Relay:Kafka:Settings</c> (security, compression).</summary>
public sealed class KafkaOptions
{
    public string BootstrapServers { get; set; } = "";

    /// <summary>Extra librdkafka properties by their own names (<c>security.protocol</c>, <c>sasl.mechanism</c>, <c>compression.type</c>, ...).</summary>
    public Dictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Producer settings the relay's guarantees rest on (idempotence, ordering, no librdkafka-side timeouts), not configurable.</summary>
    public static IReadOnlySet<string> ReservedSettings { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "bootstrap.servers", "enable.idempotence", "acks", "request.required.acks", "max.in.flight.requests.per.connection", "max.in.flight",
        "enable.gapless.guarantee", "message.timeout.ms", "delivery.timeout.ms", "partitioner", "transactional.id",
    };
}
