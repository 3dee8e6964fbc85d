using Microsoft.Extensions.Options;

namespace Kyc.OutboxRelay.Configuration;

/// <summary>
/// Everything the relay is told, bound from the <c>Relay</c> configuration section (environment:
/// <c>Relay__Sources__eu__ConnectionString</c>) and validated at start (<see cref="RelayOptionsValidation"/>); the broker
/// settings are Kyc.Messaging's <c>Kafka</c> section. See README.md for the table of keys and defaults.
/// </summary>
public sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary><c>Relay:Sources:&lt;name&gt;</c>: one relay loop (and one leader election) per source, by name.</summary>
    public Dictionary<string, RelaySourceOptions> Sources { get; } = new(StringComparer.OrdinalIgnoreCase);

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

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first wrong setting.</summary>
    public void Validate()
    {
        if (Sources.Count == 0)
            throw new InvalidOperationException("No outbox source is configured: set Relay:Sources:<name>:ConnectionString (e.g. Relay__Sources__onboarding_eu__ConnectionString).");
        foreach (var (name, source) in Sources)
        {
            source.Name = name;
            source.Validate();
        }
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

/// <summary>Validates <see cref="RelayOptions"/> and the strict-ordering producer's <c>Kafka</c> settings when the host starts.</summary>
public sealed class RelayOptionsValidation : IValidateOptions<RelayOptions>, IValidateOptions<Kyc.Messaging.KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayOptions options) => Check(() => options.Validate());

    public ValidateOptionsResult Validate(string? name, Kyc.Messaging.KafkaOptions options) => Check(() => options.Validate(strictOrdering: true));

    private static ValidateOptionsResult Check(Action validate)
    {
        try
        {
            validate();
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
